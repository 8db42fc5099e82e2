#pragma once
// Test helper: small results built in code for the comparison, merge, trend
// and renderer tests.
#include <optional>
#include <string>

#include "results/model.hpp"

namespace test_results {

inline gm::results::BuildRecord build(const std::string& name, const std::string& version, bool free_threaded) {
  gm::results::BuildRecord b;
  b.name = name;
  b.origin = "interpreter";
  b.python = "/usr/bin/python" + name;
  gm::harness::ProbeInfo probe;
  probe.version = version;
  probe.free_threaded = free_threaded;
  probe.gil_enabled = !free_threaded;
  b.probe = probe;
  return b;
}

inline gm::results::CellResult cell(const std::string& build, const std::string& workload, int workers,
                                    std::optional<double> speedup,
                                    std::optional<gm::results::Interval> interval = std::nullopt,
                                    gm::config::Executor executor = gm::config::Executor::threads) {
  gm::results::CellResult c;
  c.cell.build = build;
  c.cell.workload = workload;
  c.cell.executor = executor;
  c.cell.workers = workers;
  c.cell.repeats = {3, false};
  c.status = gm::results::CellStatus::ok;
  c.samples = {0.5, 0.5, 0.5};
  c.median_seconds = 0.5;
  c.speedup = speedup;
  c.speedup_interval = interval;
  c.gil_enabled_after = true;
  return c;
}

inline gm::results::ModuleCheck module(const std::string& build, const std::string& name,
                                       gm::results::ModuleStatus status) {
  gm::results::ModuleCheck m;
  m.build = build;
  m.package_set = "extensions";
  m.distribution = "crcmod";
  m.version = "1.7";
  m.module = name;
  m.status = status;
  m.binding = "C API";
  m.fix = "add {Py_mod_gil, Py_MOD_GIL_NOT_USED}";
  m.reproduce = "env -u PYTHON_GIL python -c 'import " + name + "'";
  m.free_threaded = true;
  return m;
}

// Two builds (3.13 and 3.13t), a workload at 1 and 2 workers each, crcmod's
// module keeping the GIL disabled on 3.13t.
inline gm::results::RunResults two_builds() {
  gm::results::RunResults r;
  r.matrix_name = "nightly";
  r.matrix_sha256 = std::string(64, 'a');
  r.started_at = "2026-11-20T02:00:00Z";
  r.finished_at = "2026-11-20T02:10:00Z";
  r.reproduce = "gilmatrix run nightly.toml";
  r.environment.cpu_model = "Test CPU";
  r.environment.usable_cores = 2;
  r.builds = {build("3.13", "3.13.1", false), build("3.13t", "3.13.1", true)};
  for (const char* b : {"3.13", "3.13t"}) {
    r.cells.push_back(cell(b, "cpu", 1, 1.0));
    r.cells.push_back(cell(b, "cpu", 2, std::string(b) == "3.13t" ? 1.9 : 1.0));
  }
  r.module_checks = {module("3.13", "crcmod._crcfunext", gm::results::ModuleStatus::importable),
                     module("3.13t", "crcmod._crcfunext", gm::results::ModuleStatus::keeps_gil_disabled)};
  r.installs = {{"3.13", "extensions", "crcmod==1.7", true, "", "", ""},
                {"3.13t", "extensions", "crcmod==1.7", true, "", "", ""}};
  return r;
}

}  // namespace test_results
