#include "results/forced_off.hpp"

namespace gm::results {

namespace {

bool did_not_measure(const CellResult& c) {
  return c.status == CellStatus::failed || c.status == CellStatus::crashed || c.status == CellStatus::timeout;
}

bool same_cell_but_gil_mode(const config::Cell& a, const config::Cell& b) {
  return a.build == b.build && a.workload == b.workload && a.executor == b.executor && a.workers == b.workers &&
         a.gil_mode != b.gil_mode;
}

}  // namespace

std::vector<ForcedOffFailure> failures_only_with_gil_forced_off(const RunResults& run) {
  std::vector<ForcedOffFailure> out;
  for (const auto& cell : run.cells) {
    if (cell.cell.gil_mode != config::GilMode::off || !did_not_measure(cell)) continue;
    ForcedOffFailure failure;
    failure.cell = &cell;
    for (const auto& other : run.cells)
      if (same_cell_but_gil_mode(other.cell, cell.cell) && other.status == CellStatus::ok)
        failure.measured_modes.push_back(config::to_string(other.cell.gil_mode));
    if (failure.measured_modes.empty()) continue;
    if (auto set = run.workload_package_sets.find(cell.cell.workload); set != run.workload_package_sets.end())
      failure.package_set = set->second;
    if (!failure.package_set.empty())
      for (const auto& module : run.module_checks)
        if (module.build == cell.cell.build && module.package_set == failure.package_set)
          failure.modules.push_back(&module);
    out.push_back(std::move(failure));
  }
  return out;
}

}  // namespace gm::results
