#include <catch2/catch.hpp>

#include "compat/thread_verdict.hpp"
#include "util/paths.hpp"

using namespace gm::compat;
using gm::results::ThreadVerdict;

namespace {
std::string verdict_data(const std::string& name) {
  return gm::read_text_file(std::filesystem::path(GILMATRIX_TEST_DATA_DIR) / "tsan" / name).value();
}

ModuleUnderStress verdict_module(const std::string& name, gm::results::DeclarationState state) {
  ModuleUnderStress m;
  m.distribution = name;
  m.version = "1.0";
  m.module = name;
  m.file = "/venv/site-packages/" + name + ".cpython-314t-x86_64-linux-gnu.so";
  m.declaration.state = state;
  m.fix = "add {Py_mod_gil, Py_MOD_GIL_NOT_USED}";
  return m;
}

StressedRun verdict_run(bool forced_off, std::string log = "", std::set<std::string> exercised = {},
                        StressRunOutcome::Ending ending = StressRunOutcome::Ending::finished, std::string stacks = "") {
  StressedRun run;
  run.gil_forced_off = forced_off;
  run.run_dir = forced_off ? "run-1-gil-off" : "run-1-as-built";
  run.outcome.ending = ending;
  run.outcome.exercised = std::move(exercised);
  run.outcome.watched = true;
  run.outcome.stacks = std::move(stacks);
  if (!log.empty()) {
    auto parsed = parse_tsan_log(log);
    run.outcome.reports = parsed.reports;
    for (auto& report : run.outcome.reports) report.log = "tsan.1";
    run.outcome.suppressed = parsed.suppressed;
  }
  if (ending == StressRunOutcome::Ending::crashed) run.outcome.detail = "killed by SIGSEGV";
  return run;
}

StressPlan verdict_plan(int runs) {
  StressPlan plan;
  plan.build = "3.14t-tsan";
  plan.free_threaded = true;
  plan.sanitised = true;
  plan.stress_file = "stress.py";
  plan.runs = runs;
  plan.threads = 8;
  plan.iterations = 100;
  return plan;
}
}  // namespace

TEST_CASE("a declared module with a racy global gets race, with its file and line", "[thread-verdict]") {
  using gm::results::DeclarationState;
  std::vector<StressedRun> runs;
  for (int i = 0; i < 3; ++i) runs.push_back(verdict_run(true, verdict_data("racy_counter.log"), {"racy_counter"}));
  for (int i = 0; i < 3; ++i) runs.push_back(verdict_run(false, verdict_data("racy_counter.log"), {"racy_counter"}));
  auto v = judge_stress_runs(verdict_plan(3), {verdict_module("racy_counter", DeclarationState::declares)}, runs);
  REQUIRE(v.modules.size() == 1);
  const auto& m = v.modules[0];
  CHECK(m.verdict == ThreadVerdict::race);
  REQUIRE(m.races.size() == 1);  // the same report in six runs is one finding
  CHECK(m.races[0].reports == 6);
  CHECK(m.races[0].runs == 6);
  CHECK(m.races[0].function == "add");
  CHECK(m.races[0].file.ends_with("racy_counter.c"));
  CHECK(m.races[0].line == 9);
  CHECK(m.races[0].log == "tsan.1");
  CHECK_FALSE(m.races[0].forced_off_only);
  CHECK(m.finding == "declares free-threading support, and ThreadSanitizer reports a race in it");
  CHECK(v.summary.in_cpython.empty());
}

TEST_CASE("a clean module gets the statement of what its runs rule out", "[thread-verdict]") {
  using gm::results::DeclarationState;
  std::vector<StressedRun> runs;
  for (int i = 0; i < 10; ++i) runs.push_back(verdict_run(true, "", {"atomic_counter"}));
  for (int i = 0; i < 10; ++i) runs.push_back(verdict_run(false, "", {"atomic_counter"}));
  auto v = judge_stress_runs(verdict_plan(10), {verdict_module("atomic_counter", DeclarationState::declares)}, runs);
  const auto& m = v.modules.at(0);
  CHECK(m.verdict == ThreadVerdict::clean);
  CHECK(m.statement ==
        "clean in 10 of 10 runs with 8 threads x 100 iterations: a failure that shows up in more than 26% of runs "
        "would have been seen with 95% probability");
  CHECK(m.finding.empty());
  CHECK(gm::results::detectable_rate(10) == Approx(0.2589).epsilon(0.001));
  CHECK(gm::results::detectable_rate(1) == Approx(0.95));
}

TEST_CASE("an undeclared module that is clean is a candidate to declare, with the fix", "[thread-verdict]") {
  using gm::results::DeclarationState;
  std::vector<StressedRun> runs{verdict_run(true, "", {"quiet"}), verdict_run(false, "", {"quiet"})};
  auto v = judge_stress_runs(verdict_plan(1), {verdict_module("quiet", DeclarationState::does_not_declare)}, runs);
  CHECK(v.modules[0].verdict == ThreadVerdict::clean);
  CHECK(v.modules[0].finding == "does not declare free-threading support, and stress is clean: a candidate to declare");
  CHECK(v.modules[0].fix == "add {Py_mod_gil, Py_MOD_GIL_NOT_USED}");
}

TEST_CASE("a race seen only with the GIL forced off is marked so", "[thread-verdict]") {
  using gm::results::DeclarationState;
  std::vector<StressedRun> runs{verdict_run(true, verdict_data("pvectorc_first_reports.log"), {"pvectorc"}),
                                verdict_run(false, "", {"pvectorc"})};
  auto v = judge_stress_runs(verdict_plan(1), {verdict_module("pvectorc", DeclarationState::does_not_declare)}, runs);
  const auto& m = v.modules[0];
  CHECK(m.verdict == ThreadVerdict::race);
  CHECK(m.forced_off_only);
  CHECK(m.races.size() == 3);  // 5 reports: copyNode, freeNode twice (read/write and write/read), ...
  CHECK(m.finding.starts_with("does not declare free-threading support; with the GIL forced off ThreadSanitizer"));
}

TEST_CASE("a crash is put on the module the crash's C stack names", "[thread-verdict]") {
  using gm::results::DeclarationState;
  std::vector<StressedRun> runs{
      verdict_run(true, "", {}, StressRunOutcome::Ending::crashed, verdict_data("pvectorc_crash_stacks.txt"))};
  auto v = judge_stress_runs(verdict_plan(1),
                             {verdict_module("pvectorc", DeclarationState::does_not_declare),
                              verdict_module("other", DeclarationState::declares)},
                             runs);
  CHECK(v.modules[0].verdict == ThreadVerdict::crash);
  CHECK(v.modules[0].stacks.find("Fatal Python error: Segmentation fault") != std::string::npos);
  CHECK(v.modules[0].detail.starts_with("killed by SIGSEGV"));
  CHECK(v.modules[1].verdict == ThreadVerdict::not_exercised);
}

TEST_CASE("a hang is put on the modules the run was calling into, with every thread's stack", "[thread-verdict]") {
  using gm::results::DeclarationState;
  std::vector<StressedRun> runs{
      verdict_run(true, "", {"locked"}, StressRunOutcome::Ending::hung, verdict_data("deadlock_hang_stacks.txt"))};
  auto v = judge_stress_runs(
      verdict_plan(1),
      {verdict_module("locked", DeclarationState::declares), verdict_module("bystander", DeclarationState::declares)},
      runs);
  CHECK(v.modules[0].verdict == ThreadVerdict::hang);
  CHECK(v.modules[0].stacks.find("[stress-0]") != std::string::npos);
  CHECK(v.modules[0].stacks.find("[stress-1]") != std::string::npos);
  CHECK(v.modules[1].verdict == ThreadVerdict::not_exercised);
}

TEST_CASE("reports inside CPython are listed apart and never become a module's verdict", "[thread-verdict]") {
  using gm::results::DeclarationState;
  std::vector<StressedRun> runs{verdict_run(true, verdict_data("rangeiter_in_cpython.log"), {"mod"}),
                                verdict_run(true, verdict_data("faulthandler_dump_in_cpython.log"), {"mod"})};
  auto v = judge_stress_runs(verdict_plan(2), {verdict_module("mod", DeclarationState::declares)}, runs);
  CHECK(v.modules[0].verdict == ThreadVerdict::clean);
  CHECK(v.modules[0].races.empty());
  REQUIRE_FALSE(v.summary.in_cpython.empty());
  CHECK(v.summary.in_cpython[0].module.empty());
}

TEST_CASE("suppressed reports are counted per rule, the user's broad rules warned about", "[thread-verdict]") {
  using gm::results::DeclarationState;
  auto plan = verdict_plan(1);
  plan.user_rules = {"race:_PyEval_EvalFrameDefault", "race_top:releaseNode"};
  plan.user_rules_file = "my.supp";
  std::vector<StressedRun> runs{verdict_run(true, verdict_data("rangeiter_suppressed.log"), {"mod"})};
  auto v = judge_stress_runs(plan, {verdict_module("mod", DeclarationState::declares)}, runs);
  REQUIRE(v.summary.suppressions.size() == 3);
  CHECK(v.summary.suppressions[0].rule == "race:_PyEval_EvalFrameDefault");
  CHECK(v.summary.suppressions[0].origin == "my.supp");
  CHECK(v.summary.suppressions[0].warning.find("hides every race reached from Python") != std::string::npos);
  CHECK(v.summary.suppressions[1].warning.empty());
  CHECK(v.summary.suppressions[2].rule == "race_top:rangeiter_next");
  CHECK(v.summary.suppressions[2].origin == "CPython");
  CHECK(v.summary.suppressions[2].reports == 2);
  // gilmatrix's own rule for faulthandler's dump is named as gilmatrix's.
  runs[0].outcome.suppressed.push_back({kStackDumpSuppression, 7});
  auto with_dump = judge_stress_runs(plan, {verdict_module("mod", DeclarationState::declares)}, runs);
  REQUIRE(with_dump.summary.suppressions.size() == 4);
  CHECK(with_dump.summary.suppressions[2].rule == kStackDumpSuppression);
  CHECK(with_dump.summary.suppressions[2].origin == "gilmatrix");
  CHECK(with_dump.summary.suppressions[2].reports == 7);
  CHECK(broad_rule_warning("race:*").size() > 0);
  CHECK(broad_rule_warning("race:my_function_name").empty());
  CHECK(suppression_rules("# comment\n\nrace:a\n  race_top:b  \n") == std::vector<std::string>{"race:a", "race_top:b"});
}

TEST_CASE("without a stress file an imported module is not exercised, and says what was tried", "[thread-verdict]") {
  using gm::results::DeclarationState;
  auto plan = verdict_plan(2);
  plan.stress_file = "";
  std::vector<StressedRun> runs{verdict_run(true), verdict_run(true)};
  auto v = judge_stress_runs(plan, {verdict_module("mod", DeclarationState::declares)}, runs);
  CHECK(v.modules[0].verdict == ThreadVerdict::not_exercised);
  CHECK(v.modules[0].statement.find("imported by 8 threads at once in 2 runs") != std::string::npos);
}

TEST_CASE("a hang in the stress file's own code is blamed on no module", "[thread-verdict]") {
  using gm::results::DeclarationState;
  auto run = verdict_run(true, "", {}, StressRunOutcome::Ending::hung, verdict_data("deadlock_hang_stacks.txt"));
  run.outcome.detail = "did not finish within 10s";
  auto v = judge_stress_runs(verdict_plan(1), {verdict_module("bystander", DeclarationState::declares)}, {run});
  CHECK(v.modules[0].verdict == ThreadVerdict::not_exercised);
  REQUIRE(v.summary.problems.size() == 1);
  CHECK(v.summary.problems[0].find("the stress file's own code") != std::string::npos);
}
