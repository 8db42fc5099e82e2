#include <catch2/catch.hpp>

#include "report/forced_off_note.hpp"
#include "results/forced_off.hpp"

using namespace gm::results;
using gm::config::GilMode;

namespace {

CellResult cell(GilMode mode, int workers, gm::results::CellStatus status) {
  CellResult c;
  c.cell.build = "3.13t";
  c.cell.workload = "pvector";
  c.cell.gil_mode = mode;
  c.cell.workers = workers;
  c.status = status;
  return c;
}

ModuleCheck module(const char* name, const char* set, gm::results::ModuleStatus status) {
  ModuleCheck m;
  m.build = "3.13t";
  m.package_set = set;
  m.distribution = "pyrsistent";
  m.version = "0.20.0";
  m.module = name;
  m.status = status;
  m.free_threaded = true;
  return m;
}

RunResults run_with(std::vector<CellResult> cells) {
  RunResults r;
  r.cells = std::move(cells);
  r.workload_package_sets = {{"pvector", "extensions"}};
  r.module_checks = {module("pvectorc", "extensions", ModuleStatus::reenables_gil),
                     module("other", "elsewhere", ModuleStatus::keeps_gil_disabled)};
  return r;
}

}  // namespace

TEST_CASE("forced off: a cell failing only with PYTHON_GIL=0 is found with its set's modules",
          "[results][forced_off]") {
  auto r = run_with({cell(GilMode::default_mode, 2, CellStatus::ok), cell(GilMode::off, 2, CellStatus::failed)});
  auto found = failures_only_with_gil_forced_off(r);
  REQUIRE(found.size() == 1);
  CHECK(found[0].cell == &r.cells[1]);
  CHECK(found[0].measured_modes == std::vector<std::string>{"default"});
  CHECK(found[0].package_set == "extensions");
  REQUIRE(found[0].modules.size() == 1);
  CHECK(found[0].modules[0]->module == "pvectorc");
}

TEST_CASE("forced off: failing in every mode is not 'only with the GIL forced off'", "[results][forced_off]") {
  auto r = run_with({cell(GilMode::default_mode, 2, CellStatus::crashed), cell(GilMode::off, 2, CellStatus::failed)});
  CHECK(failures_only_with_gil_forced_off(r).empty());
  // The counterpart must be the same worker count.
  r = run_with({cell(GilMode::default_mode, 1, CellStatus::ok), cell(GilMode::off, 2, CellStatus::failed)});
  CHECK(failures_only_with_gil_forced_off(r).empty());
}

TEST_CASE("forced off: the note names the failure and the module verdicts", "[results][forced_off]") {
  auto r = run_with({cell(GilMode::default_mode, 2, CellStatus::ok), cell(GilMode::off, 2, CellStatus::failed)});
  auto note = gm::report::forced_off_note(failures_only_with_gil_forced_off(r).at(0));
  CHECK_THAT(note, Catch::StartsWith("fails only with the GIL forced off (`PYTHON_GIL=0`); it measured with GIL mode "
                                     "default."));
  CHECK_THAT(note, Catch::Contains("Extension modules of package set extensions on 3.13t: pvectorc (pyrsistent "
                                   "0.20.0) ❌ re-enables GIL."));
  CHECK_THAT(note, !Catch::Contains("other"));
}

TEST_CASE("forced off: a workload without a package set says so", "[results][forced_off]") {
  auto r = run_with({cell(GilMode::on, 2, CellStatus::ok), cell(GilMode::off, 2, CellStatus::timeout)});
  r.workload_package_sets.clear();
  auto note = gm::report::forced_off_note(failures_only_with_gil_forced_off(r).at(0));
  CHECK_THAT(note, Catch::Contains("GIL mode on.") && Catch::Contains("runs in no package set"));
}

TEST_CASE("measured GIL state: a failed cell shows none", "[results][model]") {
  auto ok = cell(GilMode::off, 2, CellStatus::ok);
  ok.gil_enabled_after = false;
  auto failed = cell(GilMode::off, 2, CellStatus::failed);
  failed.gil_enabled_after = false;  // what the runner's own process reported
  CHECK(measured_gil_after(ok) == std::optional<bool>(false));
  CHECK_FALSE(measured_gil_after(failed));
}
