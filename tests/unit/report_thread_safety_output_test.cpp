#include <catch2/catch.hpp>

#include "report/thread_safety_output.hpp"

using namespace gm::results;

namespace {
std::pair<StressSummary, std::vector<ThreadSafetyCheck>> thread_output_fixture() {
  StressSummary b;
  b.build = "3.14t-tsan";
  b.sanitised = true;
  b.stress_file = "/src/tests/stress.py";
  b.runs = 10;
  b.threads = 8;
  b.iterations = 100;
  b.settings = {"PYTHON_GIL=0", "as the build chooses (PYTHON_GIL unset)"};
  b.run_dir = "/cache/stress/x/3.14t-tsan";
  b.suppressions = {{"race:PyEval", "my.supp", 3, "`race:PyEval` matches a frame on the stack of every call"}};
  ThreadSafetyCheck racy;
  racy.build = b.build;
  racy.module = "racy_counter";
  racy.verdict = ThreadVerdict::race;
  racy.declaration = {DeclarationState::declares, "Py_mod_gil slot", "racy_counter.c:16"};
  racy.races = {{"data race", "racy_counter", "add", "/src/racy_counter.c", 9, "add racy_counter.c:9", 12, 10, false,
                 "/cache/tsan.1", "WARNING: ThreadSanitizer: data race (pid=1)\n"}};
  racy.finding = "declares free-threading support, and ThreadSanitizer reports a race in it";
  racy.reproduce = "env PYTHON_GIL=0 python stress.py";
  ThreadSafetyCheck atomic;
  atomic.build = b.build;
  atomic.module = "atomic_counter";
  atomic.verdict = ThreadVerdict::clean;
  atomic.statement = detection_statement(10, 8, 100);
  return {b, {racy, atomic}};
}
}  // namespace

TEST_CASE("thread-safety verdicts as text name the frame, the declaration and the statement", "[thread-output]") {
  auto [b, modules] = thread_output_fixture();
  auto text = gm::report::thread_safety_text(b, modules);
  CHECK(text.find("race: 1 distinct report (12 in all), top: data race in add racy_counter.c:9") != std::string::npos);
  CHECK(text.find("[declares support: Py_mod_gil slot racy_counter.c:16]") != std::string::npos);
  CHECK(text.find("more than 26% of runs") != std::string::npos);
  CHECK(text.find("suppression race:PyEval (my.supp) hid 3 reports") != std::string::npos);
  CHECK(text.find("reproduce: env PYTHON_GIL=0") != std::string::npos);
}

TEST_CASE("the Markdown table has no blank line inside it and escapes module names", "[thread-output]") {
  auto [b, modules] = thread_output_fixture();
  auto md = gm::report::thread_safety_markdown({b}, modules);
  CHECK(md.find("| module | verdict | declaration | finding |\n|---|---|---|---|\n| racy\\_counter | race") !=
        std::string::npos);
  CHECK(md.find("- ⚠ ") != std::string::npos);
  CHECK(md.find("race:PyEval") != std::string::npos);
  CHECK(md.find("<details><summary>racy\\_counter on 3.14t-tsan: race</summary>") != std::string::npos);
}

TEST_CASE("a race becomes an annotation on its source line; JSON keeps every field", "[thread-output]") {
  auto [b, modules] = thread_output_fixture();
  auto lines = gm::report::thread_safety_annotations({b}, modules);
  CHECK(lines.find("::error file=/src/racy_counter.c,line=9,title=racy_counter race::") != std::string::npos);
  CHECK(lines.find("::warning title=broad suppression::") != std::string::npos);
  auto j = gm::report::thread_safety_json({b}, modules);
  CHECK(j["modules"][0]["verdict"] == "race");
  CHECK(j["modules"][0]["declaration"]["state"] == "declares support");
  CHECK(j["modules"][1]["verdict"] == "clean");
  auto back = j["modules"][0].get<ThreadSafetyCheck>();
  CHECK(back.races.at(0).line == 9);
  CHECK(back.verdict == ThreadVerdict::race);
}

TEST_CASE("workload races: a row per distinct report, CPython's never a package's, the raw report of a blamed one",
          "[thread-output]") {
  WorkloadRaces w;
  w.build = "3.14t-tsan";
  w.workload = "counting";
  w.package_set = "counters";
  w.in_modules = {{"data race", "racy_counter", "add", "/src/racy_counter.c", 9, "add racy_counter.c:9", 4, 2, false,
                   "/run/logs/3.14t-tsan/counting/tsan/threads-default-x1.17",
                   "WARNING: ThreadSanitizer: data race\n"}};
  w.in_cpython = {{"data race", "", "rangeiter_next", "Objects/rangeobject.c", 901, "", 1, 1, false, "", ""}};
  WorkloadRaces quiet;
  quiet.build = "3.14t-tsan";
  quiet.workload = "atomic";
  quiet.package_set = "counters";

  auto md = gm::report::workload_races_markdown({w, quiet});
  CHECK(md.find("## ThreadSanitizer in the workloads") != std::string::npos);
  CHECK(md.find("compare with each other only") != std::string::npos);
  CHECK(md.find("| 3.14t-tsan | counting | racy\\_counter | data race in add racy\\_counter.c:9 (4 reports in 2 "
                "processes) |") != std::string::npos);
  CHECK(md.find("| 3.14t-tsan | counting | CPython itself (not blamed on a package) | data race in rangeiter\\_next "
                "rangeobject.c:901 (1 report in 1 process) |") != std::string::npos);
  CHECK(md.find("| 3.14t-tsan | atomic | package set counters | no report |") != std::string::npos);
  CHECK(md.find("<summary>data race in racy\\_counter, workload counting on 3.14t-tsan</summary>") !=
        std::string::npos);
  CHECK(md.find("WARNING: ThreadSanitizer: data race") != std::string::npos);
  CHECK(gm::report::workload_races_markdown({}).empty());

  auto lines = gm::report::workload_races_lines({w, quiet});
  REQUIRE(lines.size() == 1);  // only what is blamed on a module
  CHECK(lines[0].find("workload counting on 3.14t-tsan: data race in add racy_counter.c:9") != std::string::npos);
  auto annotations = gm::report::workload_race_annotation_lines({w});
  REQUIRE(annotations.size() == 1);
  CHECK(annotations[0].find("::error file=/src/racy_counter.c,line=9") != std::string::npos);
}

TEST_CASE("a crash under threads shows every thread's C frames after the Python stacks", "[thread-output]") {
  auto [b, modules] = thread_output_fixture();
  ThreadSafetyCheck crashed;
  crashed.build = b.build;
  crashed.module = "pvectorc";
  crashed.verdict = ThreadVerdict::crash;
  crashed.runs = 10;
  crashed.failed_runs = 1;
  crashed.detail = "killed by SIGSEGV (run-01-gil-off)";
  crashed.stacks = "Fatal Python error: Segmentation fault";
  crashed.c_stacks = "Thread 2 (Thread 0x7f (LWP 2)):\n#0  releaseNode (node=0x0) at pvectorcmodule.c:212\n";
  crashed.reproduce = "python stress.py";
  auto text = gm::report::thread_safety_text(b, {crashed});
  CHECK(
      text.find("C frames of every thread (gdb, from the core):\n      | Thread 2 (Thread 0x7f (LWP 2)):\n      | #0  "
                "releaseNode (node=0x0) at pvectorcmodule.c:212") != std::string::npos);
  auto md = gm::report::thread_safety_markdown({b}, {crashed});
  CHECK(md.find("Fatal Python error: Segmentation fault\n\nC frames of every thread (gdb, from the core):\nThread 2") !=
        std::string::npos);
}

TEST_CASE("the report's first screen names each module that failed under threads, and where to read more",
          "[thread-output]") {
  auto [summary, modules] = thread_output_fixture();
  WorkloadRaces w;
  w.build = "3.14t-tsan";
  w.workload = "counting";
  w.in_modules = {
      {"data race", "racy_counter", "add", "/src/racy_counter.c", 9, "add racy_counter.c:9", 4, 2, false, "", ""}};
  w.in_cpython = {{"data race", "", "rangeiter_next", "Objects/rangeobject.c", 901, "", 1, 1, false, "", ""}};
  auto headline = gm::report::thread_safety_headline(modules, {w});
  CHECK(headline ==
        "**Under threads, the stress runs failed racy\\_counter on 3.14t-tsan (race)**: see \"Thread safety\".\n\n"
        "**ThreadSanitizer blamed a report on racy\\_counter in workload counting on 3.14t-tsan (data race in add "
        "racy\\_counter.c:9)**: see \"ThreadSanitizer in the workloads\".\n\n");
  // Clean modules and reports inside CPython itself are nobody's failure.
  w.in_modules.clear();
  CHECK(gm::report::thread_safety_headline({modules[1]}, {w}).empty());
}
