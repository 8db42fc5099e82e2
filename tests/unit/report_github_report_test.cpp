#include <catch2/catch.hpp>

#include "report/github_report.hpp"
#include "results_builders.hpp"

using namespace gm::report;
using namespace gm::results;

TEST_CASE("github report: an error per finding, escaped; one warning for doubtful cells", "[report][github_report]") {
  auto r = test_results::two_builds();
  r.module_checks[1].status = ModuleStatus::reenables_gil;
  r.cells[3].status = CellStatus::failed;
  r.cells[3].error = "100% wrong\nValueError: x";
  r.cells[1].unstable = true;
  auto lines = run_annotations(r);
  CHECK_THAT(lines, Catch::Contains("::error title=crcmod._crcfunext re-enables GIL on 3.13t::crcmod._crcfunext "
                                    "(crcmod 1.7) re-enables GIL on 3.13t. Fix: add {Py_mod_gil, Py_MOD_GIL_NOT_USED}"
                                    "%0AReproduce: "));
  CHECK_THAT(lines, Catch::Contains(
                        "::error title=cell 3.13t/cpu/threads/default/x2%3A failed::100%25 wrong%0AValueError: x\n"));
  CHECK_THAT(lines, Catch::Contains(
                        "::warning title=1 cells with doubtful figures::3.13/cpu/threads/default/x2 (unstable)\n"));
}

TEST_CASE("github report: annotations stop at the limit and say how many more there are", "[report][github_report]") {
  auto r = test_results::two_builds();
  for (auto& c : r.cells) c.status = CellStatus::timeout;
  auto lines = run_annotations(r, nullptr, 2);
  CHECK(std::count(lines.begin(), lines.end(), '\n') == 3);
  CHECK_THAT(lines, Catch::Contains("::warning title=gilmatrix::2 more findings are not annotated"));
}

TEST_CASE("github report: the step summary lists findings and, with a baseline, the changes",
          "[report][github_report]") {
  auto before = test_results::two_builds();
  auto after = test_results::two_builds();
  after.module_checks[1].status = ModuleStatus::reenables_gil;
  auto comparison = compare_results(before, after);
  auto summary = run_step_summary(after, &comparison);
  CHECK_THAT(summary, Catch::Contains("## gilmatrix: nightly\n\n4 of 4 cells measured, 0 failed; 2 builds.\n"));
  CHECK_THAT(summary, Catch::Contains("| crcmod.\\_crcfunext | 3.13t | re-enables GIL. Fix: add {Py\\_mod\\_gil, "
                                      "Py\\_MOD\\_GIL\\_NOT\\_USED} |"));
  CHECK_THAT(summary, Catch::Contains("### gilmatrix compare"));
  CHECK_THAT(run_step_summary(before), Catch::Contains("No findings"));
  auto gated = comparison_annotations(comparison, Gate::scaling);
  CHECK(gated.starts_with("::warning title=regression%3A module crcmod._crcfunext::"));
  CHECK(comparison_annotations(comparison, Gate::all)
            .starts_with("::error title=regression%3A module crcmod._crcfunext::"));
}
