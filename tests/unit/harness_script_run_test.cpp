#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "exec/process.hpp"
#include "harness/protocol.hpp"
#include "harness/script_run.hpp"
#include "util/paths.hpp"

using namespace std::chrono_literals;
using Problem = gm::harness::ScriptRun::Problem;

namespace {

// Runs `code` with python3 -c; the script's result file is argv[1].
gm::harness::ScriptRun run_python(const std::string& code, std::chrono::milliseconds timeout = 30s) {
  gm::TempDir scratch("gm-script-run");
  auto output = scratch.path() / "out.json";
  gm::exec::ProcessSpec spec;
  spec.argv = {"/usr/bin/python3", "-c", "import sys, os, json, time, signal\n" + code, output.string()};
  spec.timeout = timeout;
  gm::exec::SystemProcessRunner runner;
  return gm::harness::run_script(runner, spec, output);
}

}  // namespace

TEST_CASE("script run: a result written and exit 0 is read back", "[harness][script_run]") {
  auto run = run_python("json.dump({'answer': 42}, open(sys.argv[1], 'w'))");
  CHECK(run.ok());
  CHECK(run.output.at("answer") == 42);
  CHECK(run.describe() == "ok");
}

TEST_CASE("script run: each way of failing is named, with the stderr tail", "[harness][script_run]") {
  SECTION("exit code") {
    auto run = run_python("print('broken import', file=sys.stderr); sys.exit(3)");
    CHECK(run.problem == Problem::exited);
    CHECK(run.describe() == "exited with code 3: broken import");
  }
  SECTION("a signal") {
    auto run = run_python("os.kill(os.getpid(), signal.SIGSEGV)");
    CHECK(run.problem == Problem::crashed);
    CHECK_THAT(run.describe(), Catch::Contains("SIGSEGV"));
  }
  SECTION("nothing written") {
    auto run = run_python("pass");
    CHECK(run.problem == Problem::no_output);
    CHECK(run.describe() == "wrote no result");
  }
  SECTION("not JSON") {
    auto run = run_python("open(sys.argv[1], 'w').write('{half')");
    CHECK(run.problem == Problem::unreadable);
    REQUIRE(run.text);
    CHECK(*run.text == "{half");
  }
  SECTION("a hang") {
    auto run = run_python("time.sleep(60)", 300ms);
    CHECK(run.problem == Problem::timed_out);
  }
  SECTION("no interpreter") {
    gm::TempDir scratch("gm-script-run");
    gm::exec::ProcessSpec spec;
    spec.argv = {"/nonexistent/python3", "x.py", (scratch.path() / "out.json").string()};
    gm::exec::SystemProcessRunner runner;
    auto run = gm::harness::run_script(runner, spec, scratch.path() / "out.json");
    CHECK(run.problem == Problem::not_started);
  }
}

TEST_CASE("script run: a result written before a non-zero exit is still read", "[harness][script_run]") {
  auto run = run_python("json.dump({'error': 'ImportError'}, open(sys.argv[1], 'w')); sys.exit(1)");
  CHECK(run.problem == Problem::exited);
  CHECK(run.output.at("error") == "ImportError");
}

TEST_CASE("protocol: the import check's and the extension listing's JSON", "[harness][protocol]") {
  auto report = gm::harness::parse_import_check(nlohmann::json::parse(
      R"({"gil_enabled_after": true, "attributed_to": "crcmod._crcfunext", "warning": "The global interpreter lock..."})"));
  REQUIRE(report);
  CHECK(report->gil_enabled_after == true);
  CHECK(report->attributed_to == "crcmod._crcfunext");
  CHECK_FALSE(report->error);
  CHECK(report->warning);
  // As import_check.py writes it before anything is found: nulls.
  auto nothing = gm::harness::parse_import_check(nlohmann::json::parse(
      R"({"modules": ["m"], "gil_enabled_before": false, "error": null, "warning": null, "attributed_to": null,
          "gil_enabled_after": false})"));
  REQUIRE(nothing);
  CHECK_FALSE(nothing->attributed_to);
  auto wrong = gm::harness::parse_import_check(nlohmann::json::parse(R"({"gil_enabled_after": "yes"})"));
  REQUIRE_FALSE(wrong);
  CHECK_THAT(wrong.error(), Catch::Contains("unreadable import check output: `gil_enabled_after`"));

  auto stress = gm::harness::parse_stress_report(nlohmann::json::parse(
      R"({"gil_enabled_at_start": false, "error": null, "watched": true, "gil_enabled_at_end": false, "loaded": {},
          "functions": [{"name": "test_add", "calls": 80, "failures": 1, "first_failure": "Traceback ..."}]})"));
  REQUIRE(stress);
  CHECK(stress->watched);
  CHECK(stress->gil_enabled_at_end == false);
  REQUIRE(stress->functions.size() == 1);
  CHECK(stress->functions.front().failures == 1);
  CHECK_FALSE(gm::harness::parse_stress_report(nlohmann::json::parse(R"({"functions": [{"calls": -3}]})")));

  auto listing = gm::harness::parse_extension_listing(nlohmann::json::parse(
      R"({"distributions": [{"name": "crcmod", "version": "1.7",
          "modules": [{"module": "crcmod._crcfunext", "file": "/v/crcmod/_crcfunext.so"}]}]})"));
  REQUIRE(listing);
  REQUIRE(listing->size() == 1);
  CHECK(listing->front().modules.front().module == "crcmod._crcfunext");
  CHECK(listing->front().other_interpreter_binaries.empty());
  CHECK_FALSE(gm::harness::parse_extension_listing(nlohmann::json::parse(R"({"distributions": [{"name": 1}]})")));
  CHECK_FALSE(gm::harness::parse_extension_listing(nlohmann::json::parse("[]")));
}
