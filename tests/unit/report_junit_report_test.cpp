#include <catch2/catch.hpp>

#include "report/junit_report.hpp"
#include "results_builders.hpp"

using namespace gm::results;
using gm::report::render_junit;

namespace {

RunResults with_findings() {
  auto r = test_results::two_builds();
  r.module_checks[1].status = ModuleStatus::reenables_gil;
  r.cells[3].status = CellStatus::crashed;
  r.cells[3].error = "killed by SIGSEGV <core dumped>";
  r.cells.push_back(test_results::cell("3.13", "cpu", 4, std::nullopt));
  r.cells.back().status = CellStatus::unsupported;
  BuildRecord missing;
  missing.name = "3.14t";
  missing.status = BuildStatus::not_found;
  missing.reason = "no python3.14t & no source";
  r.builds.push_back(missing);
  return r;
}

}  // namespace

TEST_CASE("junit: suites and counts for builds, installs, modules and cells", "[report][junit]") {
  auto xml = render_junit(with_findings());
  CHECK(
      xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"gilmatrix nightly\" "
                      "tests=\"12\" failures=\"2\" errors=\"1\" skipped=\"1\""));
  CHECK_THAT(xml, Catch::Contains("<testsuite name=\"builds\" tests=\"3\" failures=\"0\" errors=\"1\" skipped=\"0\""));
  CHECK_THAT(xml, Catch::Contains("timestamp=\"2026-11-20T02:00:00\""));
  CHECK_THAT(xml, Catch::Contains("<testsuite name=\"installs\" tests=\"2\" failures=\"0\""));
  CHECK_THAT(xml, Catch::Contains("<testsuite name=\"compatibility 3.13t\" tests=\"1\" failures=\"1\""));
  CHECK_THAT(xml,
             Catch::Contains("<testsuite name=\"scaling 3.13\" tests=\"3\" failures=\"0\" errors=\"0\" skipped=\"1\""));
}

TEST_CASE("junit: a module that re-enables the GIL fails with its fix and reproduction", "[report][junit]") {
  auto xml = render_junit(with_findings());
  CHECK_THAT(xml, Catch::Contains(
                      "<testcase classname=\"gilmatrix.compatibility.3.13t\" name=\"crcmod._crcfunext (crcmod 1.7)\" "
                      "time=\"0.000\">\n      <failure type=\"re-enables GIL\" message=\"crcmod._crcfunext re-enables "
                      "GIL on 3.13t\">Built with the C API; to fix: add {Py_mod_gil, Py_MOD_GIL_NOT_USED}\n"
                      "Reproduce: env -u PYTHON_GIL python -c &apos;import crcmod._crcfunext&apos;</failure>"));
}

TEST_CASE("junit: failed cells fail, unsupported ones are skipped, missing builds are errors", "[report][junit]") {
  auto xml = render_junit(with_findings());
  CHECK_THAT(xml,
             Catch::Contains("<testcase classname=\"gilmatrix.scaling.3.13t.cpu\" name=\"threads/default/x2\" "
                             "time=\"1.500\">\n      <failure type=\"crashed\" message=\"3.13t/cpu/threads/default/x2 "
                             "crashed\">killed by SIGSEGV &lt;core dumped&gt;</failure>"));
  CHECK_THAT(xml, Catch::Contains("<skipped message=\"unsupported\"/>"));
  CHECK_THAT(xml, Catch::Contains("<error type=\"interpreter not found\" message=\"build 3.14t: interpreter not found: "
                                  "no python3.14t &amp; no source\">"));
  CHECK_THAT(xml, Catch::Contains("<system-out>speedup 1.00x, median 0.5000s, cv 0.0%</system-out>"));
}

TEST_CASE("junit: with a baseline, regressions fail their own test case", "[report][junit]") {
  auto before = test_results::two_builds();
  auto after = test_results::two_builds();
  after.cells[3].speedup = 1.2;  // 3.13t x2: 1.9x before
  after.builds[1].probe->version = "3.13.2";
  auto comparison = compare_results(before, after);
  auto xml = render_junit(after, &comparison);
  CHECK_THAT(xml, Catch::Contains("name=\"threads/default/x2\" time=\"1.500\">\n      <failure type=\"regression\" "
                                  "message=\"3.13t/cpu/threads/default/x2: speedup 1.90x -&gt; 1.20x"));
  CHECK_THAT(xml, Catch::Contains("<testsuites name=\"gilmatrix nightly\" tests=\"10\" failures=\"1\""));
  CHECK(render_junit(after).find("<failure") == std::string::npos);
}

TEST_CASE("junit: a regression without a test case of its own gets one", "[report][junit]") {
  auto before = test_results::two_builds();
  before.together.push_back({"3.13t", "extensions", ModuleStatus::keeps_gil_disabled, false, "", ""});
  auto after = test_results::two_builds();
  after.together.push_back({"3.13t", "extensions", ModuleStatus::reenables_gil, true, "crcmod._crcfunext", ""});
  auto comparison = compare_results(before, after);
  auto xml = render_junit(after, &comparison);
  CHECK_THAT(xml, Catch::Contains("<testsuite name=\"regressions\" tests=\"1\" failures=\"1\""));
  CHECK_THAT(xml, Catch::Contains("<testcase classname=\"gilmatrix.regressions.together\" name=\"extensions\""));
}
