#include <catch2/catch.hpp>

#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "measure/paired_group.hpp"
#include "results/paired.hpp"
#include "results/statistics.hpp"

using namespace gm::measure;
using Next = PairedGroup::Next;
using gm::results::CellStatus;

namespace {

gm::config::Cell cell(int workers = 1, const std::string& build = "3.13t", int repeats = 2, bool automatic = false) {
  gm::config::Cell c;
  c.build = build;
  c.workload = "cpu";
  c.workers = workers;
  c.repeats = {repeats, automatic};
  return c;
}

MeasurePolicy policy(int repeats, bool automatic = false) {
  MeasurePolicy p;
  p.repeats = {repeats, automatic};
  p.max_samples = 20;
  p.settings.precision = 0.02;
  p.settings.cell_budget = std::chrono::seconds(5);
  p.settings.interference_limit = 0.10;
  p.settings.attempts = 3;
  p.samples_per_round = 2;
  return p;
}

// A round of `samples` whose watched cores were taken `others` by other processes.
Round fake_round(std::vector<double> samples, double others = 0.0, int workers = 1, double cores = -1) {
  Round r;
  r.outcome.status = CellStatus::ok;
  r.outcome.result.status = "ok";
  r.outcome.result.iterations = 10;
  r.outcome.result.gil_enabled_after = false;
  r.outcome.result.max_rss_mb = 20;
  r.outcome.wall_seconds = 0.1;
  for (double s : samples) {
    gm::harness::RunnerSample sample;
    sample.seconds = s;
    sample.work_cpu = s * (cores < 0 ? workers : cores);
    r.outcome.result.samples.push_back(sample);
    r.outcome.wall_seconds += s;
  }
  r.cpus = {0};
  r.watched = {0, 1};
  double capacity = 2.0 * static_cast<double>(samples.size());
  r.load.capacity = capacity;
  r.load.others = others * capacity;
  r.load.measured = true;
  return r;
}

// A group of one cell, fed the same round whatever the order.
struct Lone {
  CellMeasurement measurement;
  PairedGroup group;
  Lone(gm::config::Cell c, MeasurePolicy p) : measurement(c, p), group("g", {&measurement}, {}, p, 1) {}
  Next add(Round round) {
    auto order = group.next_round();
    REQUIRE(order.size() == 1);
    return group.add_round(order, {std::move(round)});
  }
  const gm::results::CellResult& result() const { return measurement.result(); }
};

// A machine whose every sample takes `true_seconds` x how slow the host is
// at that moment: 30% slower from `slow_from` to `slow_to` seconds of its
// clock, with 2% noise. The clock advances by what each sample took.
class DriftingMachine {
 public:
  DriftingMachine(double slow_from, double slow_to) : from_(slow_from), to_(slow_to) {}
  Round run(double true_seconds, int samples, int workers) {
    std::vector<double> taken;
    for (int i = 0; i < samples; ++i) {
      double slowdown = clock_ >= from_ && clock_ < to_ ? 1.3 : 1.0;
      double seconds = true_seconds * slowdown * std::exp(noise_(engine_));
      clock_ += seconds + 0.05;
      taken.push_back(seconds);
    }
    return fake_round(taken, 0.0, workers);
  }
  double clock() const { return clock_; }

 private:
  double from_, to_;
  double clock_ = 0;
  std::mt19937_64 engine_{42};
  std::normal_distribution<double> noise_{0.0, 0.02};
};

// True time per sample: 1 s at 1 worker; with 2 workers a true speedup of 1.8.
double true_seconds(const gm::config::Cell& c) { return c.workers == 1 ? 1.0 : 2.0 / 1.8; }

// Runs `group` to the end on `machine`.
void run_on(PairedGroup& group, DriftingMachine& machine) {
  for (int guard = 0; guard < 100 && !group.finished(); ++guard) {
    auto order = group.next_round();
    std::vector<Round> rounds;
    for (auto member : order) {
      const auto& c = group.members()[member]->cell();
      rounds.push_back(machine.run(true_seconds(c), group.next_samples(), c.workers));
    }
    group.add_round(order, rounds);
  }
}

}  // namespace

TEST_CASE("paired group: a quiet round with the asked repeats is done", "[measure][paired_group]") {
  Lone m(cell(), policy(2));
  CHECK(m.group.next_samples() == 2);
  CHECK(m.add(fake_round({1.0, 1.1})) == Next::done);
  const auto& r = m.result();
  CHECK(r.status == CellStatus::ok);
  CHECK(r.samples.size() == 2);
  CHECK(r.median_seconds == Approx(1.05));
  CHECK(r.cores_busy_median == Approx(1.0));
  CHECK_FALSE(r.disturbed);
  REQUIRE(r.attempts.size() == 1);
  CHECK(r.attempts[0].kept);
  CHECK(r.attempts[0].round == 0);
  CHECK(r.attempts[0].max_rss_mb == Approx(20));
  CHECK(r.round_group == "g");
  CHECK(r.watched_cpus == std::vector<int>{0, 1});
  CHECK(r.stop_reason == "2 samples in 1 paired round, as the matrix asks");
}

TEST_CASE("paired group: fixed repeats are taken a few samples per round", "[measure][paired_group]") {
  Lone m(cell(1, "3.13t", 5), policy(5));
  CHECK(m.add(fake_round({1.0, 1.0})) == Next::measure_more);
  CHECK(m.add(fake_round({1.0, 1.0})) == Next::measure_more);
  CHECK(m.group.next_samples() == 1);
  CHECK(m.add(fake_round({1.0})) == Next::done);
  CHECK(m.result().samples.size() == 5);
  CHECK(m.result().attempts.back().round == 2);
  CHECK(m.result().round_group == "g");
}

TEST_CASE("paired group: a disturbed round is set aside and retried later", "[measure][paired_group]") {
  Lone m(cell(), policy(2));
  CHECK(m.add(fake_round({2.0, 2.1}, 0.38)) == Next::retry_later);
  CHECK(m.group.disturbed_rounds() == 1);
  CHECK(m.add(fake_round({1.0, 1.0}, 0.01)) == Next::done);
  const auto& r = m.result();
  CHECK(r.median_seconds == Approx(1.0));
  REQUIRE(r.attempts.size() == 2);
  CHECK_FALSE(r.attempts[0].kept);
  CHECK(r.attempts[0].others_share == Approx(0.38));
  CHECK(r.attempts[0].note == "disturbed: other processes used 38% of cores 0-1");
  CHECK(r.attempts[1].kept);
}

TEST_CASE("paired group: a round disturbed for one member is set aside for all", "[measure][paired_group]") {
  auto p = policy(2);
  CellMeasurement one(cell(1), p), two(cell(2), p);
  PairedGroup group("g", {&one, &two}, {}, p, 7);
  auto order = group.next_round();
  REQUIRE(order.size() == 2);
  std::vector<Round> rounds;
  for (auto member : order)
    rounds.push_back(fake_round({1.0, 1.0}, member == 1 ? 0.4 : 0.0, static_cast<int>(member) + 1));
  CHECK(group.add_round(order, rounds) == Next::retry_later);
  REQUIRE(one.result().attempts.size() == 1);
  CHECK_FALSE(one.result().attempts[0].kept);
  CHECK_THAT(one.result().attempts[0].note, Catch::StartsWith("disturbed: other processes used 40% of cores 0-1 while "
                                                              "3.13t/cpu/threads/default/x2 ran in the same round"));
  CHECK(two.result().attempts[0].note == "disturbed: other processes used 40% of cores 0-1");
  CHECK(one.result().samples.empty());
  CHECK(two.result().samples.empty());
}

TEST_CASE("paired group: when every attempt is disturbed the least disturbed is kept, flagged",
          "[measure][paired_group]") {
  Lone m(cell(), policy(2));
  CHECK(m.add(fake_round({3.0, 3.0}, 0.50)) == Next::retry_later);
  CHECK(m.add(fake_round({1.5, 1.5}, 0.20)) == Next::retry_later);
  CHECK(m.add(fake_round({2.0, 2.0}, 0.30)) == Next::done);
  const auto& r = m.result();
  CHECK(r.status == CellStatus::ok);
  CHECK(r.disturbed);
  CHECK(r.median_seconds == Approx(1.5));
  CHECK(r.others_share == Approx(0.20));
  CHECK(r.attempts[1].kept);
  CHECK_FALSE(r.attempts[0].kept);
  CHECK(r.stop_reason == "3 attempts, all disturbed");
}

TEST_CASE("paired group: a crash ends that cell and the others go on", "[measure][paired_group]") {
  auto p = policy(4);
  CellMeasurement one(cell(1), p), two(cell(2), p);
  PairedGroup group("g", {&one, &two}, {}, p, 3);
  auto order = group.next_round();
  std::vector<Round> rounds;
  for (auto member : order) {
    if (member == 1) {
      Round crashed;
      crashed.outcome.status = CellStatus::crashed;
      crashed.outcome.error = "killed by SIGSEGV";
      rounds.push_back(crashed);
    } else {
      rounds.push_back(fake_round({1.0, 1.0}));
    }
  }
  CHECK(group.add_round(order, rounds) == Next::measure_more);
  CHECK(two.result().status == CellStatus::crashed);
  CHECK(two.result().error == "killed by SIGSEGV");
  CHECK_FALSE(two.result().gil_enabled_after);
  CHECK(group.next_round() == std::vector<std::size_t>{0});
  CHECK(group.add_round({0}, {fake_round({1.0, 1.0})}) == Next::done);
  CHECK(one.result().samples.size() == 4);
}

TEST_CASE("paired group: auto repeats stop once every compared figure is precise", "[measure][paired_group]") {
  auto p = policy(2, true);
  CellMeasurement one(cell(1, "3.13t", 2, true), p), two(cell(2, "3.13t", 2, true), p);
  PairedGroup group("g", {&one, &two}, {}, p, 5);
  Next next = Next::measure_more;
  int rounds = 0;
  while (next == Next::measure_more) {
    auto order = group.next_round();
    std::vector<Round> taken;
    // The host's speed changes from round to round; within a round both sides see it.
    double host = 1.0 + 0.2 * (rounds % 3);
    for (auto member : order)
      taken.push_back(fake_round({host * (member == 0 ? 1.0 : 1.0), host}, 0, static_cast<int>(member) + 1));
    next = group.add_round(order, taken);
    ++rounds;
  }
  CHECK(rounds == kMinimumAutoRounds);
  CHECK_THAT(one.result().stop_reason, Catch::Contains("every compared figure within"));
  auto figures = group.compared();
  REQUIRE(figures.size() == 1);
  CHECK(figures[0].estimate == Approx(2.0));
}

TEST_CASE("paired group: auto repeats stop when the group's budget is spent", "[measure][paired_group]") {
  Lone m(cell(1, "3.13t", 2, true), policy(2, true));  // budget 5 s
  Next next = Next::measure_more;
  int rounds = 0;
  for (; next == Next::measure_more && rounds < 20; ++rounds) next = m.add(fake_round({0.6 + 0.4 * (rounds % 2), 1.4}));
  CHECK(next == Next::done);
  CHECK_THAT(m.result().stop_reason, Catch::Contains("budget of 5s was spent"));
}

TEST_CASE("paired group: the time a group still needs for its target, or infinity past its budget",
          "[measure][paired_group]") {
  auto p = policy(2, true);  // +-2%, 5 s of samples per member
  // `spread`: how far each round's 2-worker time strays from a 2x speedup.
  auto after_three_rounds = [&](double spread, CellMeasurement& one, CellMeasurement& two) {
    auto group = std::make_unique<PairedGroup>("g", std::vector<CellMeasurement*>{&one, &two},
                                               std::vector<OverheadPair>{}, p, 5);
    const double stray[] = {1.0, 1.0 + spread, 1.0 - spread};
    for (double factor : stray) {
      auto order = group->next_round();
      std::vector<Round> taken;
      for (auto member : order) taken.push_back(fake_round({0.1, 0.1}, 0, 2, member == 0 ? 1 : 2));
      for (std::size_t i = 0; i < order.size(); ++i)
        if (order[i] == 1)
          for (auto& s : taken[i].outcome.result.samples) s.seconds *= factor;
      CHECK(group->add_round(order, taken) == Next::measure_more);
    }
    return group;
  };
  CellMeasurement one(cell(1, "3.13t", 2, true), p), two(cell(2, "3.13t", 2, true), p);
  auto close = after_three_rounds(0.01, one, two);
  const double rounds = close->seconds_to_target() / close->last_round_seconds();
  CHECK(rounds >= 1);
  CHECK(rounds <= 5);
  CHECK(rounds == Approx(std::round(rounds)));
  CellMeasurement far_one(cell(1, "3.13t", 2, true), p), far_two(cell(2, "3.13t", 2, true), p);
  auto far = after_three_rounds(0.3, far_one, far_two);
  CHECK(std::isinf(far->seconds_to_target()));
  CHECK(far->shortfall() > close->shortfall());
}

TEST_CASE("paired group: an implausible speedup sends the whole group back once", "[measure][paired_group]") {
  auto p = policy(2);
  CellMeasurement one(cell(1), p), two(cell(2), p);
  PairedGroup group("g", {&one, &two}, {}, p, 9);
  auto feed = [&](double baseline) {
    auto order = group.next_round();
    std::vector<Round> rounds;
    for (auto member : order)
      rounds.push_back(member == 0 ? fake_round({baseline, baseline}) : fake_round({1.0, 1.0}, 0, 2));
    return group.add_round(order, rounds);
  };
  CHECK(feed(3.0) == Next::done);  // 2 x 3.0 / 1.0 = 6x from 2 workers
  CHECK(group.restart_if_implausible());
  CHECK_FALSE(group.finished());
  CHECK_THAT(one.result().attempts[0].note, Catch::StartsWith("baseline measured again: the 2-worker speedup 6.00x"));
  CHECK(feed(3.0) == Next::done);
  CHECK_FALSE(group.restart_if_implausible());  // once only
}

TEST_CASE("paired group: one round above the cores its workers kept busy is not overruled by them",
          "[measure][paired_group]") {
  auto p = policy(2);
  CellMeasurement one(cell(1), p), two(cell(2), p);
  PairedGroup group("g", {&one, &two}, {}, p, 9);
  // Two GIL-bound threads: 1.0 cores busy, as for one, yet 1.3x.
  auto feed = [&](double two_workers) {
    auto order = group.next_round();
    std::vector<Round> rounds;
    for (auto member : order)
      rounds.push_back(member == 0 ? fake_round({1.0, 1.0}) : fake_round({two_workers, two_workers}, 0, 2, 1.0));
    return group.add_round(order, rounds);
  };
  CHECK(feed(2.0 / 1.3) == Next::done);
  // One round: no interval, so the cores, measured too, do not overrule it.
  CHECK_FALSE(group.restart_if_implausible());
}

TEST_CASE("paired group: a speedup whose whole interval is above its cores ratio goes back",
          "[measure][paired_group]") {
  auto p = policy(6);
  CellMeasurement one(cell(1), p), two(cell(2), p);
  PairedGroup group("g", {&one, &two}, {}, p, 9);
  auto feed = [&](double speedup) {
    auto order = group.next_round();
    std::vector<Round> rounds;
    for (auto member : order)
      rounds.push_back(member == 0 ? fake_round({1.0, 1.0}) : fake_round({2.0 / speedup, 2.0 / speedup}, 0, 2, 1.0));
    return group.add_round(order, rounds);
  };
  CHECK(feed(1.30) == Next::measure_more);
  CHECK(feed(1.31) == Next::measure_more);
  CHECK(feed(1.29) == Next::done);
  CHECK(group.restart_if_implausible());
  CHECK_THAT(one.result().attempts[0].note,
             Catch::Contains("speedup 1.30x was above the 1.05x that 1.0 cores busy (against 1.0 for 1 worker) allow"));
}

TEST_CASE("paired group: a GIL-bound speedup at or below its cores ratio stands", "[measure][paired_group]") {
  auto p = policy(2);
  CellMeasurement one(cell(1), p), two(cell(2), p);
  PairedGroup group("g", {&one, &two}, {}, p, 9);
  auto order = group.next_round();
  std::vector<Round> rounds;
  for (auto member : order)
    rounds.push_back(member == 0 ? fake_round({1.0, 1.0}) : fake_round({2.1, 2.1}, 0, 2, 1.0));  // 0.95x
  CHECK(group.add_round(order, rounds) == Next::done);
  CHECK_FALSE(group.restart_if_implausible());
}

TEST_CASE("paired group: waiting workloads are not judged by their cores", "[measure][paired_group]") {
  auto p = policy(2);
  CellMeasurement one(cell(1), p), two(cell(2), p);
  PairedGroup group("g", {&one, &two}, {}, p, 9);
  auto order = group.next_round();
  std::vector<Round> rounds;
  // Sleeping: 0.01 cores busy at 1 worker, 0.01 at 2, and 2x.
  for (auto member : order)
    rounds.push_back(member == 0 ? fake_round({1.0, 1.0}, 0, 1, 0.01) : fake_round({1.0, 1.0}, 0, 2, 0.01));
  CHECK(group.add_round(order, rounds) == Next::done);
  CHECK_FALSE(group.restart_if_implausible());
}

TEST_CASE("paired group: the GIL state of any round is reported", "[measure][paired_group]") {
  Lone m(cell(1, "3.13t", 1), policy(1));
  auto disturbed = fake_round({1.0}, 0.5);
  disturbed.outcome.result.gil_enabled_after = true;
  CHECK(m.add(disturbed) == Next::retry_later);
  CHECK(m.add(fake_round({1.0})) == Next::done);
  CHECK(m.result().gil_enabled_after == true);
}

TEST_CASE("paired group: on a drifting machine the sequential estimate is biased and the paired one is not",
          "[measure][paired_group][drift]") {
  auto p = policy(12);
  p.samples_per_round = 2;
  // Sequential, as gilmatrix measured before: every sample of the baseline,
  // then every sample of the 2-worker cell; the host is 30% slower while the
  // second cell runs.
  DriftingMachine sequential_host(14.0, 1e9);
  CellMeasurement seq_one(cell(1), p), seq_two(cell(2), p);
  PairedGroup first("a", {&seq_one}, {}, p, 1), second("b", {&seq_two}, {}, p, 2);
  run_on(first, sequential_host);
  run_on(second, sequential_host);
  std::vector<gm::results::CellResult> sequential{seq_one.result(), seq_two.result()};
  gm::results::compute_speedups(sequential);
  REQUIRE(sequential[1].speedup);
  REQUIRE(sequential[1].speedup_interval);
  CHECK(*sequential[1].speedup == Approx(1.8 / 1.3).epsilon(0.05));
  CHECK(sequential[1].speedup_interval->high < 1.6);  // confidently wrong

  // Paired: the same slow spell, over the middle of the run, falls on both sides of each round.
  DriftingMachine paired_host(10.0, 30.0);
  CellMeasurement one(cell(1), p), two(cell(2), p);
  PairedGroup group("g", {&one, &two}, {}, p, 3);
  run_on(group, paired_host);
  CHECK(paired_host.clock() > 30.0);  // the slow spell was inside the run
  std::vector<gm::results::CellResult> paired{one.result(), two.result()};
  gm::results::compute_speedups(paired);
  REQUIRE(paired[1].speedup);
  REQUIRE(paired[1].speedup_interval);
  CHECK(*paired[1].speedup == Approx(1.8).epsilon(0.03));
  CHECK(paired[1].speedup_interval->low <= 1.8);
  CHECK(paired[1].speedup_interval->high >= 1.8);
}

TEST_CASE("paired group: free-threading overhead is paired round by round, in CPU time too",
          "[measure][paired_group][drift]") {
  auto p = policy(12);
  DriftingMachine host(8.0, 20.0);
  CellMeasurement gil(cell(1, "3.14"), p), ft(cell(1, "3.14t"), p);
  PairedGroup group("g", {&gil, &ft}, {{1, 0}}, p, 11);
  for (int guard = 0; guard < 100 && !group.finished(); ++guard) {
    auto order = group.next_round();
    std::vector<Round> rounds;
    for (auto member : order) rounds.push_back(host.run(member == 1 ? 1.1 : 1.0, group.next_samples(), 1));
    group.add_round(order, rounds);
  }
  auto wall = gm::results::paired_ratio(ft.result(), gil.result(), gm::results::wall_per_unit, 1);
  auto cpu = gm::results::paired_ratio(ft.result(), gil.result(), gm::results::cpu_per_unit, 1);
  auto memory = gm::results::paired_ratio(ft.result(), gil.result(), gm::results::round_rss, 1);
  REQUIRE(wall);
  REQUIRE(cpu);
  REQUIRE(memory);
  CHECK(wall->rounds == 6);
  CHECK(wall->estimate == Approx(1.1).epsilon(0.03));
  CHECK(cpu->estimate == Approx(wall->estimate));  // no steal: CPU time is wall time here
  CHECK(memory->estimate == Approx(1.0));
  // The time figure (CPU time: the work keeps its core busy) and the memory figure are both judged.
  auto figures = group.compared();
  REQUIRE(figures.size() == 2);
  CHECK_THAT(figures[0].what, Catch::Contains("3.14t over 3.14 time per unit"));
  CHECK(figures[0].estimate == Approx(cpu->estimate));
  CHECK_THAT(figures[1].what, Catch::Contains("3.14t over 3.14 peak memory"));
  CHECK(figures[1].estimate == Approx(1.0));
}
