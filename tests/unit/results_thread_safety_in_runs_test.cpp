// Thread-safety verdicts in a matrix run's results: compared between runs,
// failed in JUnit, merged from shards, kept through results.json.
#include <catch2/catch.hpp>

#include <algorithm>

#include "report/github_report.hpp"
#include "report/junit_report.hpp"
#include "report/markdown_report.hpp"
#include "results/compare.hpp"
#include "results/json_io.hpp"
#include "results_builders.hpp"

using namespace gm::results;

namespace {

RaceFinding race_in(const std::string& function, int line) {
  RaceFinding r;
  r.kind = "data race";
  r.module = "racy_counter";
  r.function = function;
  r.file = "/src/racy_counter/racy_counter.c";
  r.line = line;
  r.reports = 3;
  r.runs = 2;
  r.text = "WARNING: ThreadSanitizer: data race (pid=1)";
  return r;
}

ThreadSafetyCheck stressed(const std::string& build, ThreadVerdict verdict) {
  ThreadSafetyCheck m;
  m.build = build;
  m.package_set = "counters";
  m.distribution = "racy-counter";
  m.version = "1.0";
  m.module = "racy_counter";
  m.verdict = verdict;
  m.runs = 20;
  m.threads = 8;
  m.iterations = 100;
  if (verdict == ThreadVerdict::race) m.races = {race_in("add", 9)};
  if (verdict == ThreadVerdict::clean) m.statement = detection_statement(20, 8, 100);
  m.reproduce = "python stress.py";
  return m;
}

RunResults with_verdict(ThreadVerdict verdict) {
  auto r = test_results::two_builds();
  r.thread_safety = {stressed("3.13t", verdict)};
  StressSummary s;
  s.build = "3.13t";
  s.package_set = "counters";
  s.runs = 10;
  s.threads = 8;
  s.iterations = 100;
  s.settings = {"PYTHON_GIL=0", "as the build chooses"};
  r.stress_runs = {s};
  return r;
}

std::vector<Change> thread_changes(const Comparison& c) {
  std::vector<Change> out;
  std::copy_if(c.changes.begin(), c.changes.end(), std::back_inserter(out),
               [](const Change& change) { return change.kind == "thread safety"; });
  return out;
}

}  // namespace

TEST_CASE("thread safety in runs: a module that now races is a compatibility regression", "[results][compare]") {
  auto c = compare_results(with_verdict(ThreadVerdict::clean), with_verdict(ThreadVerdict::race));
  auto changes = thread_changes(c);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].severity == Severity::regression);
  CHECK(changes[0].area == Area::compatibility);
  CHECK(changes[0].build == "3.13t");
  CHECK(changes[0].subject == "racy_counter");
  CHECK_THAT(changes[0].message, Catch::Contains("racy_counter on 3.13t under threads: clean -> race (data race in add "
                                                 "/src/racy_counter/racy_counter.c:9)"));
  CHECK(c.regressed(Gate::compatibility));
  CHECK_FALSE(c.regressed(Gate::scaling));
}

TEST_CASE("thread safety in runs: a race that is gone is an improvement, the same race is no change",
          "[results][compare]") {
  auto fixed = compare_results(with_verdict(ThreadVerdict::race), with_verdict(ThreadVerdict::clean));
  REQUIRE(thread_changes(fixed).size() == 1);
  CHECK(thread_changes(fixed)[0].severity == Severity::improvement);
  CHECK_FALSE(fixed.regressed(Gate::all));

  // The same race a few lines lower (code above it changed) is the same race.
  auto moved = with_verdict(ThreadVerdict::race);
  moved.thread_safety[0].races[0].line = 14;
  CHECK(thread_changes(compare_results(with_verdict(ThreadVerdict::race), moved)).empty());
}

TEST_CASE("thread safety in runs: a new race beside a known one is a regression", "[results][compare]") {
  auto after = with_verdict(ThreadVerdict::race);
  after.thread_safety[0].races.push_back(race_in("reset", 30));
  auto changes = thread_changes(compare_results(with_verdict(ThreadVerdict::race), after));
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].severity == Severity::regression);
  CHECK_THAT(changes[0].message, Catch::Contains("a new data race in reset /src/racy_counter/racy_counter.c:30"));
}

TEST_CASE("thread safety in runs: a newly stressed module that hangs is a regression, not exercised is no finding",
          "[results][compare]") {
  auto before = test_results::two_builds();
  auto hangs = with_verdict(ThreadVerdict::hang);
  hangs.thread_safety[0].detail = "did not finish within 120s";
  auto changes = thread_changes(compare_results(before, hangs));
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].severity == Severity::regression);
  CHECK_THAT(changes[0].message, Catch::Contains("hang under threads (did not finish within 120s)"));
  CHECK(thread_changes(compare_results(before, with_verdict(ThreadVerdict::not_exercised))).empty());
}

TEST_CASE("thread safety in runs: JUnit fails a race, skips a module not exercised, passes a clean one",
          "[report][junit]") {
  auto xml = gm::report::render_junit(with_verdict(ThreadVerdict::race));
  CHECK_THAT(xml, Catch::Contains("<testsuite name=\"thread safety 3.13t\" tests=\"1\" failures=\"1\""));
  CHECK_THAT(xml,
             Catch::Contains("classname=\"gilmatrix.thread_safety.3.13t\" name=\"racy_counter (racy-counter 1.0)\""));
  CHECK_THAT(xml, Catch::Contains("<failure type=\"race\""));
  CHECK_THAT(xml, Catch::Contains("WARNING: ThreadSanitizer: data race"));
  CHECK_THAT(gm::report::render_junit(with_verdict(ThreadVerdict::not_exercised)),
             Catch::Contains("<testsuite name=\"thread safety 3.13t\" tests=\"1\" failures=\"0\" errors=\"0\" "
                             "skipped=\"1\""));
  CHECK_THAT(gm::report::render_junit(with_verdict(ThreadVerdict::clean)),
             Catch::Contains("<testsuite name=\"thread safety 3.13t\" tests=\"1\" failures=\"0\" errors=\"0\" "
                             "skipped=\"0\""));

  auto broken = with_verdict(ThreadVerdict::clean);
  broken.stress_runs[0].problems = {"ThreadSanitizer could not start: unexpected memory mapping"};
  CHECK_THAT(gm::report::render_junit(broken), Catch::Contains("<error type=\"stress runs failed\""));
}

TEST_CASE("thread safety in runs: a regression of thread safety fails the module's own JUnit case", "[report][junit]") {
  auto before = with_verdict(ThreadVerdict::clean);
  auto after = with_verdict(ThreadVerdict::crash);
  auto comparison = compare_results(before, after);
  auto xml = gm::report::render_junit(after, &comparison);
  CHECK_THAT(xml, Catch::Contains("Regression: racy_counter on 3.13t under threads: clean -&gt; crash under threads"));
  CHECK_THAT(xml, !Catch::Contains("gilmatrix.regressions.thread safety"));
}

TEST_CASE("thread safety in runs: results.json keeps every verdict and summary", "[results][json]") {
  auto r = with_verdict(ThreadVerdict::race);
  auto back = results_from_json(to_json(r), "test");
  REQUIRE(back.thread_safety.size() == 1);
  CHECK(back.thread_safety[0].package_set == "counters");
  CHECK(back.thread_safety[0].verdict == ThreadVerdict::race);
  CHECK(back.thread_safety[0].races[0].line == 9);
  REQUIRE(back.stress_runs.size() == 1);
  CHECK(back.stress_runs[0].settings == std::vector<std::string>{"PYTHON_GIL=0", "as the build chooses"});
  CHECK(to_json(back) == to_json(r));

  // A version 2 file has neither key.
  auto older = to_json(test_results::two_builds());
  older["schema_version"] = 2;
  older.erase("thread_safety");
  older.erase("stress_runs");
  CHECK(results_from_json(older, "old").thread_safety.empty());
}

TEST_CASE(
    "thread safety in runs: the report has a thread-safety section naming the package set, and GitHub an "
    "annotation on the racing line",
    "[report][markdown]") {
  auto r = with_verdict(ThreadVerdict::race);
  auto md = gm::report::render_markdown(r);
  CHECK_THAT(md, Catch::Contains("## Thread safety"));
  CHECK_THAT(md, Catch::Contains("**3.13t, package set counters**"));
  CHECK_THAT(md, Catch::Contains("| racy\\_counter | race: 1 distinct report (3 in all), top: data race in add "
                                 "racy\\_counter.c:9 |"));
  auto annotations = gm::report::run_annotations(r, nullptr, 50);
  CHECK_THAT(annotations,
             Catch::Contains("::error file=/src/racy_counter/racy_counter.c,line=9,title=racy_counter race"));
  auto summary = gm::report::run_step_summary(r, nullptr);
  CHECK_THAT(summary, Catch::Contains("| racy\\_counter | 3.13t | race: 1 distinct report"));
}

namespace {
RunResults with_workload_races(std::vector<RaceFinding> in_modules) {
  auto r = test_results::two_builds();
  WorkloadRaces w;
  w.build = "3.13t";
  w.workload = "counting";
  w.package_set = "counters";
  w.logs = 2;
  w.log_dir = "/run/logs/3.13t/counting/tsan";
  w.in_modules = std::move(in_modules);
  r.workload_races = {w};
  return r;
}
}  // namespace

TEST_CASE("thread safety in runs: a workload's new race in a module is a regression, one gone an improvement",
          "[results][compare]") {
  auto quiet = with_workload_races({});
  auto racing = with_workload_races({race_in("add", 9)});
  auto changes = thread_changes(compare_results(quiet, racing));
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].severity == Severity::regression);
  CHECK(changes[0].subject == "racy_counter");
  CHECK_THAT(changes[0].message, Catch::Contains("workload counting on 3.13t under ThreadSanitizer: a new data race in "
                                                 "racy_counter add /src/racy_counter/racy_counter.c:9"));
  CHECK(compare_results(quiet, racing).regressed(Gate::compatibility));

  auto gone = thread_changes(compare_results(racing, quiet));
  REQUIRE(gone.size() == 1);
  CHECK(gone[0].severity == Severity::improvement);

  auto moved = with_workload_races({race_in("add", 14)});  // the same race a few lines lower
  CHECK(thread_changes(compare_results(racing, moved)).empty());
}

TEST_CASE("thread safety in runs: JUnit fails a workload whose module raced, passes a quiet one", "[report][junit]") {
  auto xml = gm::report::render_junit(with_workload_races({race_in("add", 9)}));
  CHECK_THAT(xml, Catch::Contains("classname=\"gilmatrix.thread_safety.3.13t\" name=\"workload counting\""));
  CHECK_THAT(xml, Catch::Contains("<failure type=\"race\" message=\"workload counting on 3.13t: data race in "
                                  "racy_counter (1 distinct report in the package set&apos;s modules)\""));
  CHECK_THAT(gm::report::render_junit(with_workload_races({})),
             Catch::Contains("<testsuite name=\"thread safety 3.13t\" tests=\"1\" failures=\"0\""));
}
