#include <catch2/catch.hpp>

#include "report/check_output.hpp"
#include "results_builders.hpp"

using namespace gm;

namespace {

results::CheckResults one_build_reenabling() {
  results::CheckResults check;
  check.builds = {test_results::build("3.13t", "3.13.15", true)};
  auto m = test_results::module("3.13t", "crcmod._crcfunext", results::ModuleStatus::reenables_gil);
  m.attributed_to = "crcmod._helper";
  check.modules = {m};
  results::InstallRecord failed{
      "3.13t", "check", "broken-pkg", false, "line 1\nline 2", "/logs/2-broken.log", "RuntimeError: Cython required"};
  check.installs = {failed};
  check.exit_code = 1;
  return check;
}

}  // namespace

TEST_CASE("check output: text names the cause, the module the warning names, the fix and the reproduce command",
          "[report][check]") {
  auto text = report::check_text(one_build_reenabling());
  CHECK_THAT(text, Catch::Contains("3.13t: Python 3.13.15 free-threaded (/usr/bin/python3.13t)"));
  CHECK_THAT(text, Catch::Contains("broken-pkg: install failed: RuntimeError: Cython required"));
  CHECK_THAT(text, Catch::Contains("log: /logs/2-broken.log"));
  CHECK_THAT(text, Catch::Contains("(the warning names crcmod._helper)"));
  CHECK_THAT(text, Catch::Contains("fix: add {Py_mod_gil, Py_MOD_GIL_NOT_USED}"));
  CHECK_THAT(text, Catch::Contains("reproduce: env -u PYTHON_GIL python -c 'import crcmod._crcfunext'"));
}

TEST_CASE("check output: a skipped build says so; as an annotation it is a warning, a missing one an error",
          "[report][check]") {
  results::CheckResults check;
  auto missing = test_results::build("3.14t", "", true);
  missing.status = results::BuildStatus::source_unavailable;
  missing.reason = "no source for 3.14";
  missing.probe.reset();
  check.builds = {missing};
  CHECK(report::check_build_line(check, missing) == "3.14t: source unavailable: no source for 3.14");
  CHECK_THAT(report::check_annotations(check), Catch::StartsWith("::error"));
  check.skipped = {"3.14t"};
  CHECK_THAT(report::check_build_line(check, missing), Catch::Contains("skipped (--skip-missing)"));
  CHECK_THAT(report::check_annotations(check), Catch::StartsWith("::warning"));
}

TEST_CASE("check output: JSON keeps every verdict and the exit code", "[report][check]") {
  auto json = report::check_json(one_build_reenabling());
  CHECK(json.at("exit_code") == 1);
  CHECK(json.at("builds").at(0).at("name") == "3.13t");
  CHECK(json.at("installs").at(0).at("cause") == "RuntimeError: Cython required");
  CHECK(json.at("module_checks").at(0).at("module") == "crcmod._crcfunext");
}
