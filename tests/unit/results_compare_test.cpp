#include <catch2/catch.hpp>

#include <algorithm>

#include "results/compare.hpp"
#include "results_builders.hpp"

using namespace gm::results;
using test_results::two_builds;

namespace {

CellResult& find_cell(RunResults& r, const std::string& key) {
  return *std::find_if(r.cells.begin(), r.cells.end(), [&](const CellResult& c) { return c.cell.key() == key; });
}

// A copy: the comparison is often a temporary.
Change only(const Comparison& c) {
  REQUIRE(c.changes.size() == 1);
  return c.changes.front();
}

const std::string kFtCell = "3.13t/cpu/threads/default/x2";

}  // namespace

TEST_CASE("compare: a run compared with itself has no changes", "[results][compare]") {
  auto r = two_builds();
  auto c = compare_results(r, r);
  CHECK(c.changes.empty());
  CHECK_FALSE(c.regressed(Gate::all));
  CHECK(c.compared_cells == 4);
  CHECK(c.compared_modules == 2);
}

TEST_CASE("compare: a module that now re-enables the GIL is a regression naming module and build",
          "[results][compare]") {
  auto before = two_builds();
  auto after = two_builds();
  after.module_checks[1].status = ModuleStatus::reenables_gil;
  auto c = compare_results(before, after);
  auto change = only(c);
  CHECK(change.severity == Severity::regression);
  CHECK(change.area == Area::compatibility);
  CHECK(change.kind == "module");
  CHECK(change.build == "3.13t");
  CHECK(change.subject == "crcmod._crcfunext");
  CHECK_THAT(change.message, Catch::Contains("crcmod._crcfunext on 3.13t: keeps GIL disabled -> re-enables GIL"));
  CHECK(c.regressed(Gate::all));
  CHECK(c.regressed(Gate::compatibility));
  CHECK_FALSE(c.regressed(Gate::scaling));
}

TEST_CASE("compare: a module that no longer re-enables the GIL is an improvement", "[results][compare]") {
  auto before = two_builds();
  before.module_checks[1].status = ModuleStatus::reenables_gil;
  auto c = compare_results(before, two_builds());
  CHECK(only(c).severity == Severity::improvement);
  CHECK_FALSE(c.regressed(Gate::all));
}

TEST_CASE("compare: re-enabling the GIL and then crashing is a regression", "[results][compare]") {
  auto before = two_builds();
  before.module_checks[1].status = ModuleStatus::reenables_gil;
  auto after = two_builds();
  after.module_checks[1].status = ModuleStatus::crashed;
  CHECK(only(compare_results(before, after)).severity == Severity::regression);
}

TEST_CASE("compare: a new module with a problem is a regression, a vanished one is a change", "[results][compare]") {
  auto before = two_builds();
  auto after = two_builds();
  after.module_checks.push_back(test_results::module("3.13t", "newmod", ModuleStatus::hung));
  auto change = only(compare_results(before, after));
  CHECK(change.severity == Severity::regression);
  CHECK_THAT(change.message, Catch::Contains("newmod (new, from crcmod 1.7) hung on 3.13t"));
  auto gone = compare_results(after, before);
  CHECK(only(gone).severity == Severity::info);
  CHECK_THAT(only(gone).message, Catch::Contains("no longer checked"));
}

TEST_CASE("compare: an install that stopped or started failing", "[results][compare]") {
  auto before = two_builds();
  auto after = two_builds();
  after.installs[1].ok = false;
  after.installs[1].detail = "error: command 'gcc' failed\n";
  auto change = only(compare_results(before, after));
  CHECK(change.severity == Severity::regression);
  CHECK(change.kind == "install");
  CHECK_THAT(change.message, Catch::Contains("crcmod==1.7 no longer installs on 3.13t: error: command 'gcc' failed"));
  CHECK(only(compare_results(after, before)).severity == Severity::improvement);
}

TEST_CASE("compare: speedups with intervals differ only when the ratio's whole range is beyond the threshold",
          "[results][compare]") {
  auto before = two_builds();
  auto after = two_builds();
  find_cell(before, kFtCell).speedup_interval = Interval{1.8, 2.0};
  auto& now = find_cell(after, kFtCell);
  SECTION("overlapping: no change, however far the medians moved") {
    now.speedup = 1.5;
    now.speedup_interval = Interval{1.2, 1.85};
    CHECK(compare_results(before, after).changes.empty());
  }
  SECTION("apart, but by less than the threshold at the intervals' ends: no change") {
    now.speedup = 1.55;
    now.speedup_interval = Interval{1.4, 1.7};  // 1.7 / 1.8 = 0.94: within 10%
    CHECK(compare_results(before, after).changes.empty());
  }
  SECTION("below: a scaling regression") {
    now.speedup = 1.4;
    now.speedup_interval = Interval{1.2, 1.6};  // 1.6 / 1.8 = 0.89: beyond 10% even at the ends
    auto c = compare_results(before, after);
    auto change = only(c);
    CHECK(change.severity == Severity::regression);
    CHECK(change.area == Area::scaling);
    CHECK_THAT(change.message, Catch::Contains("speedup 1.90x [1.80, 2.00] -> 1.40x [1.20, 1.60]"));
    CHECK_THAT(change.message, Catch::Contains("more than 10% apart even at the ends of the 95% intervals"));
    CHECK(c.regressed(Gate::scaling));
    CHECK_FALSE(c.regressed(Gate::compatibility));
  }
  SECTION("above: an improvement") {
    now.speedup = 2.4;
    now.speedup_interval = Interval{2.3, 2.5};
    CHECK(only(compare_results(before, after)).severity == Severity::improvement);
  }
}

TEST_CASE("compare: speedups without intervals differ beyond the relative threshold", "[results][compare]") {
  auto before = two_builds();
  auto after = two_builds();
  find_cell(after, kFtCell).speedup = 1.75;  // 7.9% below 1.9
  CHECK(compare_results(before, after).changes.empty());
  CHECK(only(compare_results(before, after, {0.05})).severity == Severity::regression);
  find_cell(after, kFtCell).speedup = 1.6;  // 15.8% below
  CHECK_THAT(only(compare_results(before, after)).message, Catch::Contains("more than 10% apart"));
}

TEST_CASE("compare: disturbed cells and unstable cells without intervals only warn", "[results][compare]") {
  auto before = two_builds();
  auto after = two_builds();
  auto& now = find_cell(after, kFtCell);
  now.speedup = 1.0;
  SECTION("disturbed") {
    now.disturbed = true;
    auto c = compare_results(before, after);
    CHECK(only(c).severity == Severity::warning);
    CHECK_THAT(only(c).message, Catch::Contains("the new cell was disturbed"));
    CHECK_FALSE(c.regressed(Gate::all));
  }
  SECTION("unstable") {
    find_cell(before, kFtCell).unstable = true;
    CHECK_THAT(only(compare_results(before, after)).message, Catch::Contains("the old cell is unstable"));
  }
}

TEST_CASE("compare: a cell that stopped measuring counts for both gates", "[results][compare]") {
  auto before = two_builds();
  auto after = two_builds();
  auto& now = find_cell(after, kFtCell);
  now.status = CellStatus::crashed;
  now.speedup.reset();
  now.error = "Traceback\nkilled by SIGSEGV";
  auto c = compare_results(before, after);
  CHECK_THAT(only(c).message, Catch::Contains(kFtCell + " no longer measures: crashed: killed by SIGSEGV"));
  CHECK(c.regressed(Gate::compatibility));
  CHECK(c.regressed(Gate::scaling));
}

TEST_CASE("compare: the GIL on after a workload where it was off is a regression", "[results][compare]") {
  auto before = two_builds();
  find_cell(before, kFtCell).gil_enabled_after = false;
  auto change = only(compare_results(before, two_builds()));
  CHECK(change.kind == "gil after");
  CHECK(change.severity == Severity::regression);
}

TEST_CASE("compare: builds that came, went, stopped being available or changed source", "[results][compare]") {
  auto before = two_builds();
  SECTION("gone: one change, not one per cell and module") {
    auto after = two_builds();
    after.builds.pop_back();
    std::erase_if(after.cells, [](const CellResult& c) { return c.cell.build == "3.13t"; });
    std::erase_if(after.module_checks, [](const ModuleCheck& m) { return m.build == "3.13t"; });
    auto c = compare_results(before, after);
    CHECK_THAT(only(c).message, Catch::Contains("build 3.13t is gone"));
    CHECK(only(compare_results(after, before)).severity == Severity::info);
  }
  SECTION("unavailable") {
    auto after = two_builds();
    after.builds[1].status = BuildStatus::source_unavailable;
    after.builds[1].reason = "no tarball";
    auto c = compare_results(before, after);
    auto regressions = c.count(Severity::regression);
    CHECK(regressions == 1);
    CHECK_THAT(c.changes.front().message, Catch::Contains("build 3.13t is no longer available: source unavailable"));
  }
  SECTION("another version") {
    auto after = two_builds();
    after.builds[1].probe->version = "3.13.2";
    auto change = only(compare_results(before, after));
    CHECK(change.severity == Severity::info);
    CHECK_THAT(change.message, Catch::Contains("3.13.1 free-threaded, interpreter"));
    CHECK_THAT(change.message, Catch::Contains("-> 3.13.2 free-threaded"));
  }
}

TEST_CASE("compare: new and vanished cells are grouped per series", "[results][compare]") {
  auto before = two_builds();
  auto after = two_builds();
  after.cells.push_back(test_results::cell("3.13t", "cpu", 4, 3.5));
  after.cells.push_back(test_results::cell("3.13t", "cpu", 8, 6.5));
  auto change = only(compare_results(before, after));
  CHECK(change.message == "3.13t/cpu/threads/default: new cells x4, x8");
}

TEST_CASE("compare: notes for different machines and matrix files", "[results][compare]") {
  auto before = two_builds();
  auto after = two_builds();
  after.environment.usable_cores = 4;
  after.matrix_sha256 = std::string(64, 'b');
  auto c = compare_results(before, after);
  REQUIRE(c.notes.size() == 2);
  CHECK_THAT(c.notes[0], Catch::Contains("the matrix files differ"));
  CHECK_THAT(c.notes[1], Catch::Contains("different machines"));
}

TEST_CASE("compare: regressions come first", "[results][compare]") {
  auto before = two_builds();
  auto after = two_builds();
  after.builds[1].probe->version = "3.13.2";
  after.module_checks[1].status = ModuleStatus::reenables_gil;
  auto c = compare_results(before, after);
  REQUIRE(c.changes.size() == 2);
  CHECK(c.changes[0].severity == Severity::regression);
  CHECK(c.changes[1].severity == Severity::info);
}

TEST_CASE("compare: an implausible speedup only warns", "[results][compare]") {
  auto before = two_builds();
  auto after = two_builds();
  auto& now = find_cell(after, kFtCell);
  now.speedup = 2.6;
  now.implausible = true;
  auto c = compare_results(before, after);
  CHECK(only(c).severity == Severity::warning);
  CHECK_THAT(only(c).message, Catch::Contains("implausible"));
}

TEST_CASE("compare: cells that could not decide the gate are counted and listed once, with why", "[results][compare]") {
  auto before = two_builds();
  auto after = two_builds();
  find_cell(after, kFtCell).disturbed = true;
  find_cell(after, kFtCell).speedup = 1.2;  // a "regression" that must not count
  auto c = compare_results(before, after);
  CHECK_FALSE(c.regressed(Gate::all));
  CHECK(c.compared_cells == 3);
  REQUIRE(c.not_gated.size() == 1);
  CHECK(c.not_gated[0].cell == kFtCell);
  CHECK(c.not_gated[0].why == "disturbed in the new run");

  // A cell the new run lacks: missing, not silently compared.
  after = two_builds();
  std::erase_if(after.cells, [](const CellResult& cell) { return cell.cell.key() == kFtCell; });
  c = compare_results(before, after);
  REQUIRE(c.not_gated.size() == 1);
  CHECK(c.not_gated[0].why == "missing from the new run");
  CHECK(std::count_if(c.changes.begin(), c.changes.end(), [](const Change& ch) { return ch.kind == "cells"; }) == 1);
}

TEST_CASE("compare: a selection run's absent cells are outside its selection, not gone", "[results][compare]") {
  auto before = two_builds();
  auto after = two_builds();
  std::erase_if(after.cells, [](const CellResult& cell) { return cell.cell.build == "3.13t"; });
  after.selection = {"--build 3.13"};
  auto c = compare_results(before, after);
  CHECK(std::none_of(c.changes.begin(), c.changes.end(), [](const Change& ch) { return ch.kind == "cells"; }));
  REQUIRE_FALSE(c.not_gated.empty());
  for (const auto& n : c.not_gated) CHECK(n.why == "not in the new run's selection (--build 3.13)");
}
