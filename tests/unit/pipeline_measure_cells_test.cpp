#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <set>
#include <string>

#include "fake_process_runner.hpp"
#include "measure/process_layout.hpp"
#include "pipeline/measure_cells.hpp"
#include "results/journal.hpp"
#include "util/error.hpp"

namespace fs = std::filesystem;
using gm::results::CellStatus;
using test_exec::argument_of;

namespace {

struct PipelineScratch {
  fs::path dir = fs::temp_directory_path() / ("gilmatrix-pipeline-test-" + std::to_string(::getpid()));
  PipelineScratch() { fs::create_directories(dir); }
  ~PipelineScratch() { fs::remove_all(dir); }
};

gm::config::Cell series_member(int workers, int repeats) {
  gm::config::Cell c;
  c.build = "b";
  c.workload = "w";
  c.workers = workers;
  c.repeats = {repeats, false};
  c.sample_time = std::chrono::milliseconds(500);
  c.timeout = std::chrono::seconds(30);
  return c;
}

struct Pipeline {
  PipelineScratch scratch;
  gm::config::Matrix matrix;
  Pipeline() {
    gm::config::WorkloadSpec w;
    w.name = "w";
    w.file = scratch.dir / "w.py";
    matrix.workloads = {w};
  }
  gm::pipeline::Measured measure(gm::exec::ProcessRunner& runner, std::vector<gm::config::Cell> cells,
                                 std::vector<gm::results::CellResult> resumed = {}) {
    auto request = request_for(std::move(cells), std::move(resumed));
    gm::measure::MeasureContext context{runner, scratch.dir / "scripts", scratch.dir / "work", {}};
    return gm::pipeline::measure_cells(request, context);
  }
  gm::pipeline::Measured observed(gm::exec::ProcessRunner& runner, std::vector<gm::config::Cell> cells,
                                  std::vector<gm::pipeline::MeasureObserver*> observers) {
    auto request = request_for(std::move(cells), {});
    gm::measure::MeasureContext context{runner, scratch.dir / "scripts", scratch.dir / "work", {}};
    return gm::pipeline::measure_cells(request, context, observers);
  }
  fs::path journal() const { return scratch.dir / "cells.jsonl"; }

 private:
  gm::pipeline::MeasureRequest request_for(std::vector<gm::config::Cell> cells,
                                           std::vector<gm::results::CellResult> resumed) {
    gm::pipeline::MeasureRequest request{matrix,
                                         matrix.defaults.measurement,
                                         std::move(cells),
                                         [](const gm::config::Cell&) { return fs::path("/usr/bin/python3"); },
                                         {0, 1},
                                         journal(),
                                         std::move(resumed),
                                         {},
                                         {}};
    request.first_retry_delay = std::chrono::milliseconds(1);
    return request;
  }
};

// What the measuring loop told, in order (jobs run on the scheduler's threads).
struct RecordingObserver : gm::pipeline::MeasureObserver {
  std::mutex mutex;
  std::vector<std::chrono::milliseconds> retries;
  std::vector<std::string> finished, abandoned, workloads;
  void round_set_aside(const std::string&, const std::string&, std::chrono::milliseconds retry_in) override {
    std::lock_guard lock(mutex);
    retries.push_back(retry_in);
  }
  void cell_finished(const gm::results::CellResult& cell) override {
    std::lock_guard lock(mutex);
    finished.push_back(cell.cell.key());
  }
  void cell_abandoned(const gm::config::Cell& cell) override {
    std::lock_guard lock(mutex);
    abandoned.push_back(cell.key());
  }
  void workload_described(const gm::results::WorkloadInfo& workload) override {
    std::lock_guard lock(mutex);
    workloads.push_back(workload.name);
  }
};

// A journal on a disk that fills up: the first finished cell cannot be written.
struct FullDiskJournal : gm::pipeline::MeasureObserver {
  void cell_finished(const gm::results::CellResult&) override {
    throw gm::InfraError("cannot append to cells.jsonl: the disk holding /scratch is full (4 KiB free)");
  }
};

bool measures(const gm::exec::ProcessSpec& spec) { return argument_of(spec.argv, "--calibrate").empty(); }

}  // namespace

TEST_CASE("measure cells: a series' cells share one runner process a round", "[pipeline][measure_cells]") {
  Pipeline pipeline;
  test_exec::FakeRunnerPy fake([](const gm::exec::ProcessSpec&) {
    test_exec::RunnerPlay play;
    play.seconds = [](int workers) { return workers == 1 ? 0.5 : 0.55; };
    return play;
  });
  auto measured = pipeline.measure(fake, {series_member(1, 4), series_member(2, 4)});
  REQUIRE(measured.cells.size() == 2);
  for (const auto& c : measured.cells) {
    CHECK(c.status == CellStatus::ok);
    CHECK(c.samples.size() == 4);
  }
  REQUIRE(measured.cells[1].speedup);
  CHECK(*measured.cells[1].speedup == Approx(2 * 0.5 / 0.55));
  // Four samples a cell, two a round: two processes, each taking both cells' samples in mirrored order.
  int series_calls = 0;
  for (const auto& call : fake.calls) {
    if (!measures(call)) continue;
    ++series_calls;
    CHECK(argument_of(call.argv, "--workers") == "2");
    const auto schedule = gm::split(argument_of(call.argv, "--schedule"), ',');
    REQUIRE(schedule.size() == 4);
    CHECK(schedule[0] == schedule[3]);
    CHECK(schedule[1] == schedule[2]);
    CHECK(schedule[0] != schedule[1]);
  }
  CHECK(series_calls == 2);
}

TEST_CASE("measure cells: each round's process gets an environment padding of its own, recorded with the round",
          "[pipeline][measure_cells]") {
  Pipeline pipeline;
  test_exec::FakeRunnerPy fake([](const gm::exec::ProcessSpec&) {
    test_exec::RunnerPlay play;
    play.seconds = [](int workers) { return workers == 1 ? 0.5 : 0.55; };
    return play;
  });
  auto measured = pipeline.measure(fake, {series_member(1, 16), series_member(2, 16)});
  std::set<std::size_t> paddings;
  for (const auto& call : fake.calls) {
    if (!measures(call)) continue;
    auto padding = call.env.get(gm::measure::kLayoutPaddingVariable);
    paddings.insert(padding ? padding->size() : 0);
  }
  // Eight rounds, 256 possible paddings: all alike has odds of 256^-7.
  CHECK(paddings.size() > 1);
  REQUIRE(measured.cells.size() == 2);
  std::set<std::size_t> recorded;
  for (const auto& attempt : measured.cells[0].attempts) recorded.insert(attempt.layout_padding);
  CHECK(recorded == paddings);
}

TEST_CASE(
    "measure cells: when a series' process crashes, each cell is measured alone and the crash is the 2-worker "
    "cell's",
    "[pipeline][measure_cells]") {
  Pipeline pipeline;
  test_exec::FakeRunnerPy fake([](const gm::exec::ProcessSpec& spec) {
    // Two workers at once crash, in a series' process or alone; one worker measures.
    if (!argument_of(spec.argv, "--schedule").empty() || argument_of(spec.argv, "--workers") == "2") {
      test_exec::RunnerPlay crash;
      crash.status = "crashed";
      crash.error = "worker process 1 was killed by SIGSEGV";
      return crash;
    }
    return test_exec::RunnerPlay{};
  });
  auto measured = pipeline.measure(fake, {series_member(1, 4), series_member(2, 4)});
  REQUIRE(measured.cells.size() == 2);
  CHECK(measured.cells[0].status == CellStatus::ok);
  CHECK(measured.cells[0].samples.size() == 4);
  CHECK(measured.cells[1].status == CellStatus::crashed);
  CHECK_THAT(measured.cells[1].error, Catch::Contains("SIGSEGV"));
  // The series' process once, then each cell alone; the 1-worker cell goes on alone.
  std::vector<std::string> taken;
  for (const auto& call : fake.calls)
    if (measures(call))
      taken.push_back(argument_of(call.argv, "--schedule").empty() ? "x" + argument_of(call.argv, "--workers")
                                                                   : "series");
  REQUIRE(taken.size() >= 3);
  CHECK(taken[0] == "series");
  CHECK(std::count(taken.begin(), taken.end(), "series") == 1);
  CHECK(std::count(taken.begin(), taken.end(), "x2") == 1);
  CHECK(std::count(taken.begin(), taken.end(), "x1") == 2);
}

TEST_CASE("measure cells: a disturbed round's pause before it is measured again doubles, up to 16 times the first",
          "[pipeline][measure_cells]") {
  using gm::pipeline::retry_delay;
  using std::chrono::milliseconds;
  CHECK(retry_delay(1, milliseconds(3000)) == milliseconds(3000));
  CHECK(retry_delay(2, milliseconds(3000)) == milliseconds(6000));
  CHECK(retry_delay(3, milliseconds(3000)) == milliseconds(12000));
  CHECK(retry_delay(5, milliseconds(3000)) == milliseconds(48000));
  CHECK(retry_delay(9, milliseconds(3000)) == milliseconds(48000));
}

TEST_CASE("measure cells: a disturbed round is set aside whole and measured again later, with back-off",
          "[pipeline][measure_cells]") {
  Pipeline pipeline;
  std::atomic<int> rounds{0};
  test_exec::FakeRunnerPy fake([&](const gm::exec::ProcessSpec&) {
    test_exec::RunnerPlay play;
    play.disturbed = ++rounds <= 2;  // the first two rounds' processes see other work on their cores
    return play;
  });
  RecordingObserver observer;
  auto measured = pipeline.observed(fake, {series_member(1, 4), series_member(2, 4)}, {&observer});
  REQUIRE(measured.cells.size() == 2);
  for (const auto& c : measured.cells) {
    CHECK(c.status == CellStatus::ok);
    CHECK_FALSE(c.disturbed);
    CHECK(c.samples.size() == 4);
    // Both rounds set aside for both cells (the round is set aside whole), then two kept.
    const auto set_aside = std::count_if(c.attempts.begin(), c.attempts.end(), [](auto& a) { return !a.kept; });
    CHECK(set_aside == 2);
    CHECK(c.attempts.size() == 4);
    CHECK_THAT(c.attempts.front().note, Catch::StartsWith("disturbed: other processes used"));
  }
  CHECK(observer.retries ==
        std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(1), std::chrono::milliseconds(2)});
  CHECK(std::count(observer.abandoned.begin(), observer.abandoned.end(), measured.cells[0].cell.key()) == 2);
  CHECK(observer.finished.size() == 2);
}

TEST_CASE("measure cells: when every attempt is disturbed, the least disturbed round is kept and flagged",
          "[pipeline][measure_cells]") {
  Pipeline pipeline;
  test_exec::FakeRunnerPy fake([](const gm::exec::ProcessSpec&) {
    test_exec::RunnerPlay play;
    play.disturbed = true;
    return play;
  });
  RecordingObserver observer;
  auto measured = pipeline.observed(fake, {series_member(1, 4), series_member(2, 4)}, {&observer});
  REQUIRE(measured.cells.size() == 2);
  const int attempts = pipeline.matrix.defaults.measurement.attempts;
  for (const auto& c : measured.cells) {
    CHECK(c.disturbed);
    CHECK(c.attempts.size() == static_cast<std::size_t>(attempts));
  }
  // The last attempt ends the group: no pause after it.
  CHECK(observer.retries.size() == static_cast<std::size_t>(attempts - 1));
}

TEST_CASE("measure cells: a resumed run measures only what its journal lacks, with the iterations used before",
          "[pipeline][measure_cells]") {
  Pipeline pipeline;
  gm::results::start_journal(pipeline.journal(), {"m", "inputs"});
  test_exec::FakeRunnerPy first_run([](const gm::exec::ProcessSpec&) { return test_exec::RunnerPlay{}; });
  auto first = pipeline.measure(first_run, {series_member(1, 4)});
  REQUIRE(first.cells.size() == 1);
  REQUIRE(first.cells[0].status == CellStatus::ok);

  // The 1-worker cell was journaled; the run is resumed with a 2-worker cell added.
  auto journal = gm::results::read_journal(pipeline.journal());
  CHECK(journal.problems.empty());
  REQUIRE(journal.cells.size() == 1);
  REQUIRE(journal.workloads.size() == 1);
  const int iterations = journal.cells[0].iterations;
  REQUIRE(iterations > 0);
  test_exec::FakeRunnerPy resumed_run([](const gm::exec::ProcessSpec&) { return test_exec::RunnerPlay{}; });
  auto second = pipeline.measure(resumed_run, {series_member(1, 4), series_member(2, 4)}, journal.cells);
  REQUIRE(second.cells.size() == 2);
  CHECK(second.cells[0].samples == first.cells[0].samples);
  CHECK(second.cells[1].status == CellStatus::ok);
  CHECK(second.cells[1].iterations_source == journal.cells[0].iterations_source);
  // No calibration, and only the new cell measured, with the earlier iterations.
  REQUIRE_FALSE(resumed_run.calls.empty());
  for (const auto& call : resumed_run.calls) {
    CHECK(measures(call));
    CHECK(argument_of(call.argv, "--workers") == "2");
    CHECK(argument_of(call.argv, "--iterations") == std::to_string(iterations));
  }
  CHECK(gm::results::read_journal(pipeline.journal()).cells.size() == 2);
}

TEST_CASE(
    "measure cells: a cell the journal cannot keep (the disk is full) stops measuring; nothing unjournaled "
    "is kept",
    "[pipeline][measure_cells]") {
  Pipeline pipeline;
  auto other = pipeline.matrix.workloads.front();
  other.name = "v";
  other.file = pipeline.scratch.dir / "v.py";
  pipeline.matrix.workloads.push_back(other);
  pipeline.matrix.defaults.measurement.isolation = gm::config::Isolation::exclusive;  // one group at a time
  test_exec::FakeRunnerPy fake([](const gm::exec::ProcessSpec&) { return test_exec::RunnerPlay{}; });
  FullDiskJournal journal;
  RecordingObserver observer;
  auto w = series_member(1, 2);
  auto v = series_member(1, 2);
  v.workload = "v";
  auto measured = pipeline.observed(fake, {w, v}, {&journal, &observer});
  CHECK_THAT(measured.stopped, Catch::Contains("is full"));
  REQUIRE(measured.cells.size() == 2);
  for (const auto& c : measured.cells) {
    CHECK(c.status != CellStatus::ok);
    CHECK_THAT(c.error, Catch::StartsWith("not measured: cannot append to cells.jsonl"));
  }
  // The journal refused the first group's cell: the terminal never showed it finished, and the second group
  // never started.
  CHECK(observer.finished.empty());
  CHECK(observer.abandoned.size() == 1);
  std::set<std::string> workloads_measured;
  for (const auto& call : fake.calls)
    if (measures(call)) workloads_measured.insert(argument_of(call.argv, "--workload"));
  CHECK(workloads_measured.size() == 1);
}
