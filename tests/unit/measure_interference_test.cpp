#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "measure/interference.hpp"

using namespace gm::measure;
using gm::harness::RunnerSample;

namespace {

// A /proc/stat line: user nice system idle iowait irq softirq steal guest guest_nice.
std::string line(int cpu, long user, long system, long idle, long steal = 0) {
  return "cpu" + std::to_string(cpu) + " " + std::to_string(user) + " 0 " + std::to_string(system) + " " +
         std::to_string(idle) + " 0 0 0 " + std::to_string(steal) + " 0 0";
}

}  // namespace

TEST_CASE("interference: a /proc/stat cpu line parses into its counters", "[measure][interference]") {
  auto t = parse_cpu_line("cpu3 100 2 30 400 5 6 7 8 0 0");
  REQUIRE(t);
  CHECK(t->cpu == 3);
  CHECK(t->busy() == 100 + 2 + 30 + 6 + 7);
  CHECK(t->total() == t->busy() + 400 + 5 + 8);
  CHECK_FALSE(parse_cpu_line("cpu 1 2 3 4 5 6 7 8"));  // the all-cores line has no number
  CHECK_FALSE(parse_cpu_line("intr 1 2 3"));
  CHECK_FALSE(parse_cpu_line("cpu0 1 2 x 4 5 6 7 8"));
}

TEST_CASE("interference: a quiet sample shows nobody else on the cores", "[measure][interference]") {
  // Two cores, 1 s window at 100 ticks/s; our two workers kept both busy.
  RunnerSample s;
  s.seconds = 1.0;
  s.window = 1.0;
  s.own_cpu = 2.0;
  s.work_cpu = 2.0;
  s.stat_before = {line(0, 1000, 0, 5000), line(1, 2000, 0, 5000)};
  s.stat_after = {line(0, 1100, 0, 5000), line(1, 2100, 0, 5000)};
  auto load = sample_load(s, 100);
  CHECK(load.measured);
  CHECK(load.capacity == Approx(2.0));
  CHECK(load.others == Approx(0.0));
  CHECK(load.interference() == Approx(0.0));
  CHECK(cores_busy(s) == Approx(2.0));
}

TEST_CASE("interference: a hog on one of two cores is 25% of a 1-worker exclusive cell", "[measure][interference]") {
  // One worker on cpu0 got half of it; a hog took the other half; cpu1 idle.
  RunnerSample s;
  s.seconds = 1.0;
  s.window = 1.0;
  s.own_cpu = 0.5;
  s.work_cpu = 0.5;
  s.stat_before = {line(0, 0, 0, 0), line(1, 0, 0, 0)};
  s.stat_after = {line(0, 100, 0, 0), line(1, 0, 0, 100)};
  auto load = sample_load(s, 100);
  CHECK(load.others == Approx(0.5));
  CHECK(load.others_share() == Approx(0.25));
  CHECK(cores_busy(s) == Approx(0.5));
  CHECK(describe_interference(load, {0, 1}) == "other processes used 25% of cores 0-1");
}

TEST_CASE("interference: steal time counts as interference", "[measure][interference]") {
  RunnerSample s;
  s.seconds = 1.0;
  s.window = 1.0;
  s.own_cpu = 0.8;
  s.stat_before = {line(2, 0, 0, 0, 0)};
  s.stat_after = {line(2, 80, 0, 0, 20)};
  auto load = sample_load(s, 100);
  CHECK(load.others == Approx(0.0));
  CHECK(load.steal_share() == Approx(0.2));
  CHECK(load.interference() == Approx(0.2));
  CHECK(describe_interference(load, {2}) == "other processes used 0% of core 2; the hypervisor took 20%");
}

TEST_CASE("interference: a round is disturbed only beyond what whole ticks can tell", "[measure][interference]") {
  // 10 ms on two cores, one tick of steal: 50% as counted, but one tick per
  // core either way is all the counters can resolve, so nothing is claimed.
  RunnerSample brief;
  brief.seconds = brief.window = 0.01;
  brief.own_cpu = 0.01;
  brief.stat_before = {line(0, 0, 0, 0, 0), line(1, 0, 0, 0, 0)};
  brief.stat_after = {line(0, 1, 0, 0, 0), line(1, 0, 0, 0, 1)};
  auto load = sample_load(brief, 100);
  CHECK(load.steal_share() == Approx(0.5));
  CHECK(load.resolution_share() == Approx(1.0));
  CHECK_FALSE(load.beyond(0.10));
  // One second on the same cores with 20% stolen: one tick per core is 1%.
  RunnerSample long_sample;
  long_sample.seconds = long_sample.window = 1.0;
  long_sample.own_cpu = 1.0;
  long_sample.stat_before = {line(0, 0, 0, 0, 0), line(1, 0, 0, 0, 0)};
  long_sample.stat_after = {line(0, 100, 0, 0, 0), line(1, 0, 0, 60, 40)};
  load = sample_load(long_sample, 100);
  CHECK(load.resolution_share() == Approx(0.01));
  CHECK(load.beyond(0.10));
  CHECK_FALSE(load.beyond(0.195));
  // Samples add up: their uncertainties too.
  CoreLoad both = sample_load(brief, 100);
  both += sample_load(long_sample, 100);
  CHECK(both.resolution == Approx(0.04));
}

TEST_CASE("interference: own CPU time above the ticks counted is not negative interference",
          "[measure][interference]") {
  RunnerSample s;
  s.window = 0.5;
  s.own_cpu = 0.52;  // tick granularity: the counters saw 0.5 s
  s.stat_before = {line(0, 0, 0, 0)};
  s.stat_after = {line(0, 50, 0, 0)};
  CHECK(sample_load(s, 100).others == Approx(0.0));
}

TEST_CASE("interference: without /proc/stat lines nothing is claimed", "[measure][interference]") {
  RunnerSample s;
  s.window = 1.0;
  auto load = sample_load(s, 100);
  CHECK_FALSE(load.measured);
  CHECK(load.interference() == 0);
  CHECK(describe_interference(load, {0}) == "the load on its cores could not be read (/proc/stat)");
}

TEST_CASE("interference: a counter that went backwards (hot-plug) is skipped", "[measure][interference]") {
  RunnerSample s;
  s.window = 1.0;
  s.own_cpu = 0.0;
  s.stat_before = {line(0, 500, 0, 500), line(1, 0, 0, 0)};
  s.stat_after = {line(0, 10, 0, 10), line(1, 0, 0, 100)};
  auto load = sample_load(s, 100);
  CHECK(load.others == Approx(0.0));
}

TEST_CASE("interference: samples add up", "[measure][interference]") {
  RunnerSample quiet, busy;
  quiet.window = busy.window = 1.0;
  quiet.own_cpu = 1.0;
  busy.own_cpu = 0.5;
  quiet.stat_before = busy.stat_before = {line(0, 0, 0, 0)};
  quiet.stat_after = busy.stat_after = {line(0, 100, 0, 0)};
  std::vector<RunnerSample> samples{quiet, busy};
  auto load = total_load(samples, 100);
  CHECK(load.capacity == Approx(2.0));
  CHECK(load.others == Approx(0.5));
  CHECK(load.others_share() == Approx(0.25));
}

TEST_CASE("interference: cpu lists read as ranges", "[measure][interference]") {
  CHECK(cpu_ranges({0, 1}) == "0-1");
  CHECK(cpu_ranges({5, 0, 2, 6, 7}) == "0,2,5-7");
  CHECK(cpu_ranges({3}) == "3");
}
