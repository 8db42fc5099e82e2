#include "pipeline/measure_plan.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace gm::pipeline {

std::string calibration_key(const config::Cell& cell) { return cell.build + "/" + cell.workload; }

std::string round_group_key(const config::Cell& cell, const std::map<std::string, std::string>& gil_twin_of,
                            const std::map<std::string, std::string>& measured_with) {
  auto with = measured_with.find(cell.build);
  auto twin = gil_twin_of.find(cell.build);
  const std::string& family = with != measured_with.end() ? with->second
                              : twin == gil_twin_of.end() ? cell.build
                                                          : twin->second;
  return fmt::format("{}/{}/{}", family, cell.workload, config::to_string(cell.executor));
}

std::size_t MeasurePlan::resumed_count() const {
  return static_cast<std::size_t>(std::count_if(resumed.begin(), resumed.end(), [](auto* r) { return r != nullptr; }));
}

std::size_t MeasurePlan::grouped_cells() const {
  std::size_t count = 0;
  for (const auto& [key, group] : groups) count += group.cells.size();
  return count;
}

namespace {

// The free-threaded build's and its GIL twin's 1-worker cells with the GIL as
// the build has it: their ratio is the free-threading overhead.
std::vector<measure::OverheadPair> overhead_pairs(const std::vector<config::Cell>& cells,
                                                  const std::vector<std::size_t>& members,
                                                  const std::map<std::string, std::string>& gil_twin_of) {
  std::vector<measure::OverheadPair> pairs;
  for (std::size_t a = 0; a < members.size(); ++a)
    for (std::size_t b = 0; b < members.size(); ++b) {
      const auto& ft = cells[members[a]];
      const auto& gil = cells[members[b]];
      auto twin = gil_twin_of.find(ft.build);
      if (twin == gil_twin_of.end() || twin->second != gil.build) continue;
      if (ft.workers == 1 && gil.workers == 1 && ft.gil_mode == config::GilMode::default_mode &&
          gil.gil_mode == config::GilMode::default_mode)
        pairs.push_back({a, b});
    }
  return pairs;
}

}  // namespace

MeasurePlan plan_measurement(const std::vector<config::Cell>& cells, const std::vector<results::CellResult>& resumed,
                             const std::map<std::string, std::string>& gil_twin_of,
                             const std::map<std::string, std::string>& measured_with) {
  MeasurePlan plan;
  plan.resumed.assign(cells.size(), nullptr);
  std::map<std::string, const results::CellResult*> earlier;
  for (const auto& c : resumed) earlier[c.cell.key()] = &c;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const auto& cell = cells[i];
    auto& calibration = plan.calibrations[calibration_key(cell)];
    if (auto it = earlier.find(cell.key()); it != earlier.end()) {
      plan.resumed[i] = it->second;
      if (!calibration.resolved && it->second->iterations > 0) {
        calibration.iterations = it->second->iterations;
        calibration.source = it->second->iterations_source;
        calibration.resolved = true;
      }
      continue;
    }
    calibration.cells.push_back(i);
    if (cell.iterations > 0) {
      calibration.iterations = cell.iterations;
      calibration.source = "matrix";
      calibration.resolved = true;
    } else if (cell.sample_time.count() == 0 && !calibration.resolved) {
      calibration.source = "workload";
      calibration.resolved = true;
    }
  }
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (plan.resumed[i]) continue;
    auto& group = plan.groups[round_group_key(cells[i], gil_twin_of, measured_with)];
    group.cells.push_back(i);
    group.calibrations.insert(calibration_key(cells[i]));
  }
  for (auto& [key, group] : plan.groups) group.overhead = overhead_pairs(cells, group.cells, gil_twin_of);
  return plan;
}

}  // namespace gm::pipeline
