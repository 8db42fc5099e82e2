#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "measure/cell_measurement.hpp"

using namespace gm::measure;
using Next = CellMeasurement::Next;
namespace cell_status = gm::results::cell_status;

namespace {

gm::config::Cell cell(int repeats, bool automatic = false) {
  gm::config::Cell c;
  c.build = "3.13t";
  c.workload = "cpu";
  c.workers = 1;
  c.repeats = {repeats, automatic};
  return c;
}

MeasurePolicy policy(int repeats, bool automatic = false) {
  MeasurePolicy p;
  p.repeats = {repeats, automatic};
  p.max_samples = 20;
  p.precision = 0.02;
  p.budget_seconds = 5;
  p.interference_limit = 0.10;
  p.attempts = 3;
  return p;
}

// A round of `samples` whose watched cores were taken `others` by other processes.
Round fake_round(std::vector<double> samples, double others = 0.0) {
  Round r;
  r.outcome.status = cell_status::ok;
  r.outcome.result.status = "ok";
  r.outcome.result.iterations = 10;
  r.outcome.result.gil_enabled_after = false;
  for (double s : samples) {
    gm::harness::RunnerSample sample;
    sample.seconds = s;
    sample.work_cpu = s;
    r.outcome.result.samples.push_back(sample);
  }
  r.cpus = {0};
  r.watched = {0, 1};
  double capacity = 2.0 * static_cast<double>(samples.size());
  r.load.capacity = capacity;
  r.load.others = others * capacity;
  r.load.measured = true;
  return r;
}

}  // namespace

TEST_CASE("cell measurement: a quiet round with the asked repeats is done", "[measure][cell_measurement]") {
  CellMeasurement m(cell(3), policy(3));
  CHECK(m.next_repeats() == 3);
  CHECK(m.add(fake_round({1.0, 1.1, 0.9})) == Next::done);
  const auto& r = m.result();
  CHECK(r.status == cell_status::ok);
  CHECK(r.samples.size() == 3);
  CHECK(r.median_seconds == Approx(1.0));
  CHECK(r.cores_busy_median == Approx(1.0));
  CHECK_FALSE(r.disturbed);
  CHECK(r.attempts.size() == 1);
  CHECK(r.attempts[0].kept);
  CHECK(r.watched_cpus == std::vector<int>{0, 1});
  CHECK(r.stop_reason == "3 samples, as the matrix asks");
}

TEST_CASE("cell measurement: a disturbed round is set aside and retried later", "[measure][cell_measurement]") {
  CellMeasurement m(cell(3), policy(3));
  CHECK(m.add(fake_round({2.0, 2.1, 1.9}, 0.38)) == Next::retry_later);
  CHECK(m.disturbed_rounds() == 1);
  CHECK(m.next_repeats() == 3);
  CHECK(m.add(fake_round({1.0, 1.0, 1.0}, 0.01)) == Next::done);
  const auto& r = m.result();
  CHECK(r.median_seconds == Approx(1.0));
  CHECK_FALSE(r.disturbed);
  REQUIRE(r.attempts.size() == 2);
  CHECK_FALSE(r.attempts[0].kept);
  CHECK(r.attempts[0].others_share == Approx(0.38));
  CHECK(r.attempts[0].note == "disturbed: other processes used 38% of cores 0-1");
  CHECK(r.attempts[1].kept);
}

TEST_CASE("cell measurement: when every attempt is disturbed the least disturbed is kept, flagged",
          "[measure][cell_measurement]") {
  CellMeasurement m(cell(2), policy(2));
  CHECK(m.add(fake_round({3.0, 3.0}, 0.50)) == Next::retry_later);
  CHECK(m.add(fake_round({1.5, 1.5}, 0.20)) == Next::retry_later);
  CHECK(m.add(fake_round({2.0, 2.0}, 0.30)) == Next::done);
  const auto& r = m.result();
  CHECK(r.status == cell_status::ok);
  CHECK(r.disturbed);
  CHECK(r.median_seconds == Approx(1.5));
  CHECK(r.others_share == Approx(0.20));
  CHECK(r.attempts.size() == 3);
  CHECK(r.attempts[1].kept);
  CHECK_FALSE(r.attempts[0].kept);
  CHECK(r.stop_reason == "3 attempts, all disturbed");
}

TEST_CASE("cell measurement: a crash ends the cell with its outcome", "[measure][cell_measurement]") {
  CellMeasurement m(cell(3), policy(3));
  Round crashed;
  crashed.outcome.status = cell_status::crashed;
  crashed.outcome.error = "killed by SIGSEGV";
  CHECK(m.add(crashed) == Next::done);
  CHECK(m.result().status == cell_status::crashed);
  CHECK(m.result().error == "killed by SIGSEGV");
  CHECK_FALSE(m.result().gil_enabled_after);
}

TEST_CASE("cell measurement: auto repeats stop once the median is known precisely", "[measure][cell_measurement]") {
  CellMeasurement m(cell(5, true), policy(5, true));
  CHECK(m.next_repeats() == 5);
  CHECK(m.add(fake_round({1.0, 1.001, 0.999, 1.0, 1.0})) == Next::done);
  CHECK_THAT(m.result().stop_reason, Catch::Contains("interval is within"));
}

TEST_CASE("cell measurement: auto repeats sample more while the interval is wide", "[measure][cell_measurement]") {
  auto p = policy(5, true);
  p.budget_seconds = 1000;
  CellMeasurement m(cell(5, true), p);
  CHECK(m.add(fake_round({1.0, 1.3, 0.8, 1.2, 0.9})) == Next::measure_more);
  CHECK(m.next_repeats() == 5);
  // Keeps going up to the sample cap when the noise never settles.
  Next next = Next::measure_more;
  int rounds = 1;
  while (next == Next::measure_more) {
    next = m.add(fake_round({1.0, 1.3, 0.8, 1.2, 0.9}));
    ++rounds;
  }
  CHECK(m.result().samples.size() == 20);
  CHECK(rounds == 4);
  CHECK_THAT(m.result().stop_reason, Catch::Contains("the most allowed"));
}

TEST_CASE("cell measurement: auto repeats stop when the time budget is spent", "[measure][cell_measurement]") {
  CellMeasurement m(cell(5, true), policy(5, true));  // budget 5 s
  CHECK(m.add(fake_round({0.5, 0.65, 0.4, 0.6, 0.45})) == Next::measure_more);
  CHECK(m.add(fake_round({0.5, 0.65, 0.4, 0.6, 0.45})) == Next::done);
  CHECK_THAT(m.result().stop_reason, Catch::Contains("time budget"));
}

TEST_CASE("cell measurement: restart sets every kept attempt aside", "[measure][cell_measurement]") {
  CellMeasurement m(cell(2), policy(2));
  CHECK(m.add(fake_round({2.0, 2.0})) == Next::done);
  m.restart("baseline measured again");
  CHECK(m.result().samples.empty());
  CHECK(m.add(fake_round({1.0, 1.0})) == Next::done);
  const auto& r = m.result();
  CHECK(r.median_seconds == Approx(1.0));
  REQUIRE(r.attempts.size() == 2);
  CHECK_FALSE(r.attempts[0].kept);
  CHECK(r.attempts[0].note == "baseline measured again");
  CHECK(r.attempts[1].kept);
}

TEST_CASE("cell measurement: the GIL state of any round is reported", "[measure][cell_measurement]") {
  CellMeasurement m(cell(1), policy(1));
  auto disturbed = fake_round({1.0}, 0.5);
  disturbed.outcome.result.gil_enabled_after = true;
  CHECK(m.add(disturbed) == Next::retry_later);
  CHECK(m.add(fake_round({1.0})) == Next::done);
  CHECK(m.result().gil_enabled_after == true);
}
