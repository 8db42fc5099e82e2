#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "exec/process.hpp"
#include "fake_process_runner.hpp"
#include "measure/process_layout.hpp"
#include "measure/series_round.hpp"
#include "util/strings.hpp"

using namespace gm::measure;
using test_exec::argument_of;
namespace fs = std::filesystem;
using gm::results::CellStatus;

namespace {

gm::config::Cell series_cell(int workers, gm::config::Executor executor = gm::config::Executor::threads) {
  gm::config::Cell c;
  c.build = "3.14t";
  c.workload = "cpu";
  c.executor = executor;
  c.workers = workers;
  c.iterations = 7;
  c.timeout = std::chrono::seconds(30);
  return c;
}

// Plays runner.py: writes, for every worker count the schedule names, a
// sample that takes `seconds_per_worker_count` and uses `rss` MiB; every call
// is recorded.
class FakeSeriesRunner : public gm::exec::ProcessRunner {
 public:
  std::map<int, double> seconds;
  std::map<int, double> rss;
  std::string status = "ok";
  std::vector<gm::exec::ProcessSpec> calls;

  gm::exec::ProcessResult run(const gm::exec::ProcessSpec& spec) override {
    calls.push_back(spec);
    nlohmann::json samples = nlohmann::json::array();
    for (const auto& w : gm::split(argument_of(spec.argv, "--schedule"), ',')) {
      const int workers = std::stoi(w);
      samples.push_back({{"seconds", seconds.at(workers)},
                         {"window", seconds.at(workers)},
                         {"workers", workers},
                         {"work_cpu", seconds.at(workers) * workers},
                         {"rss_mb", rss.at(workers)},
                         {"stat_before", nlohmann::json::array()},
                         {"stat_after", nlohmann::json::array()}});
    }
    nlohmann::json out{{"protocol", 2},      {"status", status},   {"iterations", 7},
                       {"samples", samples}, {"max_rss_mb", 99.0}, {"gil_enabled_after", false}};
    if (status != "ok") out["error"] = "worker process 1 was killed by SIGSEGV";
    std::ofstream(argument_of(spec.argv, "--output")) << out.dump();
    return test_exec::exited(0, 4.0);
  }
};

struct SeriesScratch {
  fs::path dir = fs::temp_directory_path() / ("gilmatrix-series-test-" + std::to_string(::getpid()));
  SeriesScratch() { fs::create_directories(dir); }
  ~SeriesScratch() { fs::remove_all(dir); }
};

}  // namespace

TEST_CASE("an interleaved schedule gives every member each block and mirrors every second block") {
  std::mt19937_64 engine(3);
  for (int samples : {1, 2, 3, 4}) {
    auto schedule = interleaved_schedule(3, samples, engine);
    REQUIRE(schedule.size() == static_cast<std::size_t>(3 * samples));
    for (int b = 0; b < samples; ++b) {
      std::vector<std::size_t> block(schedule.begin() + 3 * b, schedule.begin() + 3 * b + 3);
      auto sorted = block;
      std::sort(sorted.begin(), sorted.end());
      CHECK(sorted == std::vector<std::size_t>{0, 1, 2});
      if (b % 2 == 1) {
        std::vector<std::size_t> before(schedule.begin() + 3 * (b - 1), schedule.begin() + 3 * b);
        std::reverse(before.begin(), before.end());
        CHECK(block == before);
      }
    }
  }
  // Over each pair of mirrored blocks every member's mean position is the same: a linear drift cancels.
  auto schedule = interleaved_schedule(2, 2, engine);
  CHECK(schedule[0] + 0 == schedule[3] + 0);
  CHECK(schedule[1] == schedule[2]);
}

TEST_CASE("the schedule's order is random from round to round") {
  std::mt19937_64 engine(11);
  std::set<std::vector<std::size_t>> seen;
  for (int i = 0; i < 40; ++i) seen.insert(interleaved_schedule(2, 2, engine));
  CHECK(seen.size() == 2);  // A B B A and B A A B
}

TEST_CASE("one process measures a series: its samples go to the cell whose workers took them") {
  SeriesScratch scratch;
  FakeSeriesRunner fake;
  fake.seconds = {{1, 0.5}, {2, 0.55}};
  fake.rss = {{1, 20.0}, {2, 24.0}};
  MeasureContext context{fake, scratch.dir, scratch.dir / "work", scratch.dir / "logs"};
  auto one = series_cell(1), two = series_cell(2);
  std::vector<const gm::config::Cell*> cells{&one, &two};
  std::mt19937_64 engine(5);
  auto schedule = interleaved_schedule(cells.size(), 2, engine);
  auto rounds = measure_series_round(context, cells, "/usr/bin/python3", "/w/cpu.py", {0, 1}, {0, 1}, schedule, 48);

  REQUIRE(fake.calls.size() == 1);
  const auto& argv = fake.calls[0].argv;
  CHECK(argument_of(argv, "--workers") == "2");
  CHECK(argument_of(argv, "--cpus") == "0,1");
  CHECK(argument_of(argv, "--watch-cpus") == "0,1");
  CHECK(argument_of(argv, "--iterations") == "7");
  std::vector<std::string> expected;
  for (auto member : schedule) expected.push_back(std::to_string(cells[member]->workers));
  CHECK(argument_of(argv, "--schedule") == gm::join(expected, ","));
  CHECK(fake.calls[0].cpus == std::vector<int>{0, 1});
  REQUIRE(fake.calls[0].log_file);
  CHECK(fake.calls[0].log_file->filename() == "threads-default-x1.log");
  // The process's environment carries the round's layout padding, and both cells' rounds record it.
  CHECK(fake.calls[0].env.get(gm::measure::kLayoutPaddingVariable) == std::string(48, 'x'));
  CHECK(rounds[0].layout_padding == 48);
  CHECK(rounds[1].layout_padding == 48);

  REQUIRE(rounds.size() == 2);
  CHECK(rounds[0].outcome.status == CellStatus::ok);
  REQUIRE(rounds[0].outcome.result.samples.size() == 2);
  REQUIRE(rounds[1].outcome.result.samples.size() == 2);
  CHECK(rounds[0].outcome.result.samples[0].seconds == Approx(0.5));
  CHECK(rounds[1].outcome.result.samples[0].seconds == Approx(0.55));
  CHECK(rounds[0].cpus == std::vector<int>{0});
  CHECK(rounds[1].cpus == std::vector<int>{0, 1});
  CHECK(rounds[0].watched == std::vector<int>{0, 1});
  // Each cell's peak memory is its own samples' peak, not the process's.
  CHECK(rounds[0].outcome.result.max_rss_mb == Approx(20.0));
  CHECK(rounds[1].outcome.result.max_rss_mb == Approx(24.0));
  // The process's wall time is shared by sampled time: 1.0 s against 1.1 s of 4 s.
  CHECK(rounds[0].outcome.wall_seconds == Approx(4.0 * 1.0 / 2.1));
  CHECK(rounds[0].outcome.wall_seconds + rounds[1].outcome.wall_seconds == Approx(4.0));
}

TEST_CASE("a series of asyncio tasks runs on the one core its widest cell needs") {
  SeriesScratch scratch;
  FakeSeriesRunner fake;
  fake.seconds = {{1, 0.2}, {2, 0.2}};
  fake.rss = {{1, 0.0}, {2, 0.0}};
  MeasureContext context{fake, scratch.dir, scratch.dir / "work", {}};
  auto one = series_cell(1, gm::config::Executor::asyncio), two = series_cell(2, gm::config::Executor::asyncio);
  auto rounds = measure_series_round(context, {&one, &two}, "/usr/bin/python3", "/w/io.py", {0, 1}, {0, 1}, {0, 1}, 0);
  REQUIRE(fake.calls.size() == 1);
  CHECK(argument_of(fake.calls[0].argv, "--cpus") == "0");
  CHECK_FALSE(fake.calls[0].env.get(gm::measure::kLayoutPaddingVariable));
  // No memory per sample: the process's figure stays.
  CHECK(rounds[1].outcome.result.max_rss_mb == Approx(99.0));
}

TEST_CASE("a series process that failed gives every cell its outcome") {
  SeriesScratch scratch;
  FakeSeriesRunner fake;
  fake.status = "crashed";
  fake.seconds = {{1, 0.5}, {2, 0.5}};
  fake.rss = {{1, 0.0}, {2, 0.0}};
  MeasureContext context{fake, scratch.dir, scratch.dir / "work", {}};
  auto one = series_cell(1), two = series_cell(2);
  auto rounds = measure_series_round(context, {&one, &two}, "/usr/bin/python3", "/w/cpu.py", {0, 1}, {0, 1}, {1, 0}, 0);
  REQUIRE(rounds.size() == 2);
  for (const auto& round : rounds) {
    CHECK(round.outcome.status == CellStatus::crashed);
    CHECK(round.outcome.error.find("SIGSEGV") != std::string::npos);
  }
}

TEST_CASE("under a host that slows steadily through the round, mirrored blocks keep the round's ratio exact") {
  // Each sample takes its true time x how slow the host is when it starts;
  // the host gets 2% slower with every second of its clock.
  auto round_ratio = [](const std::vector<std::size_t>& schedule) {
    const double truth[2] = {0.5, 0.5 * 2 / 1.8};  // 1 worker; 2 workers at 1.8x (weak scaling)
    double clock = 0, sum[2] = {0, 0};
    int count[2] = {0, 0};
    for (auto member : schedule) {
      const double seconds = truth[member] * (1 + 0.02 * clock);
      sum[member] += seconds;
      ++count[member];
      clock += seconds;
    }
    return 2 * (sum[0] / count[0]) / (sum[1] / count[1]);
  };
  std::mt19937_64 engine(2);
  for (int i = 0; i < 20; ++i) {
    const auto mirrored = interleaved_schedule(2, 2, engine);
    CHECK(round_ratio(mirrored) == Approx(1.8).epsilon(0.002));
  }
  // The same two samples a side in one order throughout (A B A B) are biased by the drift.
  CHECK(std::abs(round_ratio({0, 1, 0, 1}) - 1.8) > 0.005);
}
