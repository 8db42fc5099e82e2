#include <catch2/catch.hpp>

#include <string>

#include "report/markdown_report.hpp"
#include "results/json_io.hpp"

using namespace gm::results;
using gm::report::render_markdown;

namespace {

const std::string kFixture = std::string(GILMATRIX_TEST_DATA_DIR) + "/results_two_builds.json";

std::string fixture_report() { return render_markdown(load_results(kFixture)); }

RunResults minimal_results() {
  RunResults r;
  r.matrix_name = "tiny";
  r.reproduce = "gilmatrix run tiny.toml";
  BuildRecord b;
  b.name = "3.13";
  b.origin = "interpreter";
  b.python = "/usr/bin/python3.13";
  gm::harness::ProbeInfo probe;
  probe.version = "3.13.1";
  b.probe = probe;
  r.builds = {b};
  return r;
}

}  // namespace

TEST_CASE("markdown report: the summary counts builds and measured cells", "[report][markdown_report]") {
  CHECK_THAT(fixture_report(), Catch::Contains("# gilmatrix report: quick\n\n"
                                               "1 of 2 builds available, 5 of 6 cells measured in 1m05s.\n"));
}

TEST_CASE("markdown report: the environment table shows the machine", "[report][markdown_report]") {
  auto report = fixture_report();
  CHECK_THAT(report, Catch::Contains("| CPU | AMD EPYC 7B13 64-Core Processor |"));
  CHECK_THAT(report, Catch::Contains("| usable cores | 4 (of 4 online) |"));
  CHECK_THAT(report, Catch::Contains("| started | 2026-03-14T09:26:53Z |\n| finished | 2026-03-14T09:27:58Z |"));
}

TEST_CASE("markdown report: an available build has a full row", "[report][markdown_report]") {
  auto report = fixture_report();
  CHECK_THAT(report, Catch::Contains("| 3.13.0 | 3.13.0 | no | on | interpreter | ok |\n"));
  CHECK_THAT(report, Catch::Contains("- 3.13.0: /home/ci/.pyenv/versions/3.13.0/bin/python3.13\n"));
}

TEST_CASE("markdown report: a missing build shows its escaped reason", "[report][markdown_report]") {
  CHECK_THAT(fixture_report(),
             Catch::Contains("| 3.14t | — | — | — | — | ❌ interpreter not found: no \\`python3.14t\\` on PATH "
                             "\\| pyenv has \\<none\\> |\n"));
}

TEST_CASE("markdown report: a scaling table per workload with speedups", "[report][markdown_report]") {
  auto report = fixture_report();
  CHECK_THAT(report, Catch::Contains("### cpu-pure-python\n\n"
                                     "| build | executor | GIL mode | t1 | 1 | 2 | 4 | GIL after |\n"
                                     "|---|---|---|---|---|---|---|---|\n"));
  CHECK_THAT(report, Catch::Contains("| 3.13.0 | threads | default | 0.812s | 1.00x | 1.97x |"));
}

TEST_CASE("markdown report: a speedup wider than the precision target carries the marker",
          "[report][markdown_report]") {
  auto results = load_results(kFixture);
  results.measurement.precision = 0.03;
  for (auto& c : results.cells)
    if (c.cell.workers == 4 && c.speedup) {
      c.speedup_interval = Interval{*c.speedup * 0.9, *c.speedup * 1.1};
      c.cell.repeats.automatic = true;
    }
  CHECK_THAT(render_markdown(results), Catch::Contains("| 1.97x | 3.18x [2.87, 3.50]<br>⚠ ±10% | on |\n"));
  CHECK_THAT(fixture_report(), Catch::Contains("| 1.97x | 3.18x | on |\n"));  // no target recorded: no marker
}

TEST_CASE("markdown report: a timed-out cell shows its status in the table", "[report][markdown_report]") {
  CHECK_THAT(fixture_report(),
             Catch::Contains("| 3.13.0 | threads | default | 0.105s | 1.00x | timeout | 3.93x | on |\n"));
}

TEST_CASE("markdown report: failed cells are listed with their error in a safe fence", "[report][markdown_report]") {
  // The error holds ``` so the fence must be four backticks long; the block is
  // indented to stay inside the list item.
  CHECK_THAT(fixture_report(), Catch::Contains("## Cells that did not measure\n\n"
                                               "- 3.13.0/io-sleep/threads/default/x2: **timeout**\n\n"
                                               "  ````text\n"
                                               "  timed out after 30.0s (process group killed)\n"
                                               "  last output: worker 1 waiting on ```lock```\n"
                                               "  ````\n"));
}

TEST_CASE("markdown report: notes are listed", "[report][markdown_report]") {
  CHECK_THAT(fixture_report(),
             Catch::Contains("## Notes\n\n- worker counts 8 dropped: this machine has 4 usable cores\n"));
}

TEST_CASE("markdown report: ends with the command that reproduces the run", "[report][markdown_report]") {
  auto report = fixture_report();
  CHECK_THAT(report, Catch::EndsWith("\n```sh\ngilmatrix run matrices/quick.toml --repeats 5\n```\n"));
  // What the path placeholders stand for comes right before the command.
  CHECK_THAT(report, Catch::Contains("## Reproduce\n\nPaths are written so that this report reads the same"));
}

TEST_CASE("markdown report: without failures or notes those sections are absent", "[report][markdown_report]") {
  auto report = render_markdown(minimal_results());
  CHECK_THAT(report, !Catch::Contains("## Cells that did not measure"));
  CHECK_THAT(report, !Catch::Contains("## Notes"));
  CHECK_THAT(report, Catch::Contains("0 of 0 cells measured"));
}

TEST_CASE("markdown report: an interrupted run says its results are partial", "[report][markdown_report]") {
  auto r = minimal_results();
  r.interrupted = true;
  auto report = render_markdown(r);
  CHECK_THAT(report, Catch::Contains("**The run was interrupted; results are partial.**"));
  CHECK_THAT(report, Catch::Contains("(interrupted: partial results)"));
}

TEST_CASE("markdown report: names from the matrix are escaped", "[report][markdown_report]") {
  auto r = minimal_results();
  r.matrix_name = "a|b <i>";
  auto report = render_markdown(r);
  CHECK_THAT(report, Catch::StartsWith("# gilmatrix report: a\\|b \\<i\\>\n"));
}

TEST_CASE("markdown report: a fallback interpreter is called out", "[report][markdown_report]") {
  auto r = minimal_results();
  r.builds[0].origin = "fallback interpreter";
  auto report = render_markdown(r);
  CHECK_THAT(report, Catch::Contains("prebuilt interpreter at /usr/bin/python3.13, not built from source"));
}

TEST_CASE("markdown report: an ok cell without a speedup shows its median time", "[report][markdown_report]") {
  auto r = minimal_results();
  CellResult c;
  c.cell.build = "3.13";
  c.cell.workload = "cpu";
  c.cell.workers = 2;
  c.status = CellStatus::ok;
  c.median_seconds = 1.23456;
  r.cells = {c};
  auto report = render_markdown(r);
  CHECK_THAT(report, Catch::Contains("| 3.13 | threads | default | — | 1.235s | — |\n"));
}

namespace {

CellResult pvector_cell(gm::config::GilMode mode, int workers, gm::results::CellStatus status,
                        std::optional<bool> gil_after) {
  CellResult c;
  c.cell.build = "3.13";
  c.cell.workload = "pvector";
  c.cell.gil_mode = mode;
  c.cell.workers = workers;
  c.status = status;
  c.gil_enabled_after = gil_after;
  c.error = status == CellStatus::ok ? "" : "SystemError: error return without exception set";
  return c;
}

}  // namespace

TEST_CASE("markdown report: a series whose cells all failed shows no GIL state", "[report][markdown_report]") {
  using gm::config::GilMode;
  auto r = minimal_results();
  r.workload_package_sets = {{"pvector", "extensions"}};
  // The failed cells' runner reported its own process's state: off, because PYTHON_GIL=0 forced it.
  r.cells = {pvector_cell(GilMode::default_mode, 1, CellStatus::ok, true),
             pvector_cell(GilMode::default_mode, 2, CellStatus::ok, true),
             pvector_cell(GilMode::off, 1, CellStatus::failed, false),
             pvector_cell(GilMode::off, 2, CellStatus::failed, false)};
  ModuleCheck m;
  m.build = "3.13";
  m.package_set = "extensions";
  m.distribution = "pyrsistent";
  m.version = "0.20.0";
  m.module = "pvectorc";
  m.status = ModuleStatus::reenables_gil;
  r.module_checks = {m};
  auto report = render_markdown(r);
  CHECK_THAT(report, Catch::Contains("| 3.13 | threads | default |") && Catch::Contains(" | on |\n"));
  CHECK_THAT(report, Catch::Contains("| 3.13 | threads | off | — | failed | failed | — |\n"));
  CHECK_THAT(report, !Catch::Contains("**off**"));
  CHECK_THAT(report, Catch::Contains("**2 cells fail only with the GIL forced off**"));
  CHECK_THAT(report, Catch::Contains("- 3.13/pvector/threads/off/x2: **failed** — fails only with the GIL forced off "
                                     "(`PYTHON_GIL=0`); it measured with GIL mode default. Extension modules of "
                                     "package set extensions on 3.13: pvectorc (pyrsistent 0.20.0) ❌ re-enables "
                                     "GIL.\n"));
  // Beside the module's fix: the cells that failed with the GIL forced off in an environment that has it.
  CHECK_THAT(report, Catch::Contains("- pvectorc on 3.13: re-enables GIL. Built with the ; to fix, . In this run, "
                                     "with the GIL forced off (`PYTHON_GIL=0`), 3.13/pvector/threads/off/x1 failed "
                                     "(SystemError: error return without exception set); 3.13/pvector/threads/off/x2 "
                                     "failed (SystemError: error return without exception set) in an environment "
                                     "that holds this module: check that it is thread-safe before declaring\n"));
}

TEST_CASE("markdown report: skipped builds are named as skipped", "[report][markdown_report]") {
  auto r = minimal_results();
  BuildRecord missing;
  missing.name = "3.14t";
  missing.status = BuildStatus::source_unavailable;
  missing.reason = "no 3.14.x tarball";
  r.builds.push_back(missing);
  r.skip_missing = true;
  auto report = render_markdown(r);
  CHECK_THAT(report, Catch::Contains("1 of 2 builds available (skipped, could not be had: 3.14t)"));
  CHECK_THAT(report, Catch::Contains("| 3.14t | — | — | — | — | skipped (--skip-missing): source unavailable: no "
                                     "3.14.x tarball |\n"));
  r.skip_missing = false;
  CHECK_THAT(render_markdown(r), Catch::Contains("| ❌ source unavailable: no 3.14.x tarball |"));
}

TEST_CASE("markdown report: a cached build says its source was not rechecked", "[report][markdown_report]") {
  auto r = minimal_results();
  r.builds[0].origin = build_origin::cached_build;
  r.builds[0].details.version = "3.13.15";
  r.builds[0].details.source_problem = "offline";
  r.builds[0].details.cache_key = "3.13.15t-abc";
  auto report = render_markdown(r);
  CHECK_THAT(report, Catch::Contains("| cached build of 3.13.15, source not rechecked |"));
  CHECK_THAT(report, Catch::Contains("the build made earlier from the same recipe (cache key 3.13.15t-abc)"));
}

TEST_CASE("markdown report: paths are portable, results keep them whole", "[report][markdown_report]") {
  auto r = minimal_results();
  r.cache_dir = "/home/ana/.cache/gilmatrix";
  r.environment.working_directory = "/home/ana/repo";
  r.environment.home = "/home/ana";
  r.builds[0].python = "/home/ana/.cache/gilmatrix/builds/3.13.15-abc/install/bin/python3";
  r.reproduce = "gilmatrix run /home/ana/repo/matrices/ci.toml";
  auto report = render_markdown(r);
  CHECK_THAT(report, Catch::Contains("- 3.13: $GILMATRIX_CACHE/builds/3.13.15-abc/install/bin/python3\n"));
  CHECK_THAT(report, Catch::Contains("```sh\ngilmatrix run matrices/ci.toml\n```"));
  CHECK_THAT(report, !Catch::Contains("/home/ana"));
}

TEST_CASE("markdown report: charts beside the report are linked relatively", "[report][markdown_report]") {
  auto report = render_markdown(minimal_results(), {{"speedup-cpu-threads.svg", "cpu, threads: speedup by workers"}});
  CHECK_THAT(report, Catch::Contains("## Charts\n\n![cpu, threads: speedup by workers](speedup-cpu-threads.svg)\n"));
  CHECK(render_markdown(minimal_results()).find("## Charts") == std::string::npos);
}

TEST_CASE("markdown report: a shard says which builds it holds", "[report][markdown_report]") {
  auto r = minimal_results();
  r.shard = ShardInfo{1, 2, {"3.13"}, {"3.13", "3.13t"}};
  CHECK_THAT(render_markdown(r), Catch::Contains("This is shard 1/2 of the matrix: builds 3.13."));
}
