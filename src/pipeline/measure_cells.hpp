#pragma once
// The measuring phase of a run: calibrate each build and workload, measure
// every cell on the core scheduler (packed or exclusive), set aside and
// re-measure rounds that other processes disturbed, re-measure the baseline
// of any series whose speedup is physically implausible, and journal every
// finished cell.
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "config/expand.hpp"
#include "config/matrix.hpp"
#include "measure/runner_invocation.hpp"
#include "results/model.hpp"

namespace gm::pipeline {

struct MeasureRequest {
  const config::Matrix& matrix;
  config::Measurement measurement;  // the matrix's, with command-line overrides
  std::vector<config::Cell> cells;
  std::function<std::filesystem::path(const config::Cell&)> python_for;
  std::vector<int> cpus;                // usable cores
  std::filesystem::path journal;        // cells.jsonl
  std::vector<results::CellResult> resumed;       // finished earlier (--resume)
  std::vector<results::WorkloadInfo> resumed_workloads;
};

struct Measured {
  std::vector<results::CellResult> cells;  // in the order of request.cells; speedups computed
  std::vector<results::WorkloadInfo> workloads;
  std::vector<std::string> notes;
};

Measured measure_cells(const MeasureRequest& request, const measure::MeasureContext& context);

}  // namespace gm::pipeline
