#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <string>

#include "fake_process_runner.hpp"
#include "measure/process_layout.hpp"
#include "pipeline/measure_cells.hpp"

namespace fs = std::filesystem;
namespace cell_status = gm::results::cell_status;
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
  gm::pipeline::Measured measure(gm::exec::ProcessRunner& runner, std::vector<gm::config::Cell> cells) {
    gm::pipeline::MeasureRequest request{matrix, matrix.defaults.measurement, std::move(cells),
                                         [](const gm::config::Cell&) { return fs::path("/usr/bin/python3"); },
                                         {0, 1}, scratch.dir / "cells.jsonl", {}, {}, {}};
    gm::measure::MeasureContext context{runner, scratch.dir / "scripts", scratch.dir / "work", {}};
    return gm::pipeline::measure_cells(request, context);
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
    CHECK(c.status == cell_status::ok);
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

TEST_CASE("measure cells: when a series' process crashes, each cell is measured alone and the crash is the 2-worker "
          "cell's", "[pipeline][measure_cells]") {
  Pipeline pipeline;
  test_exec::FakeRunnerPy fake([](const gm::exec::ProcessSpec& spec) {
    // Two workers at once crash, in a series' process or alone; one worker measures.
    if (!argument_of(spec.argv, "--schedule").empty() || argument_of(spec.argv, "--workers") == "2")
    {
      test_exec::RunnerPlay crash;
      crash.status = "crashed";
      crash.error = "worker process 1 was killed by SIGSEGV";
      return crash;
    }
    return test_exec::RunnerPlay{};
  });
  auto measured = pipeline.measure(fake, {series_member(1, 4), series_member(2, 4)});
  REQUIRE(measured.cells.size() == 2);
  CHECK(measured.cells[0].status == cell_status::ok);
  CHECK(measured.cells[0].samples.size() == 4);
  CHECK(measured.cells[1].status == cell_status::crashed);
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
