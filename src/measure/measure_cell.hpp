#pragma once
#include <filesystem>
#include <vector>

#include "config/expand.hpp"
#include "exec/process.hpp"
#include "results/model.hpp"

namespace gm::measure {

struct MeasureContext {
  exec::ProcessRunner& runner;
  std::filesystem::path scripts_dir;  // materialized harness scripts
  std::filesystem::path work_dir;     // for the runner's output files
  double unstable_cv = 0.10;
  std::filesystem::path log_dir;      // <log_dir>/<build>/<workload>/<executor>-<gil>-xN.log: all a cell printed
};

// Runs one cell through the embedded runner, pinned to `cpus`, and classifies
// what happened: ok, failed (exception, non-zero exit), crashed (signal),
// timeout (process group killed), unsupported (e.g. no subinterpreters).
results::CellResult measure_cell(const MeasureContext& context, const config::Cell& cell,
                                 const std::filesystem::path& python, const std::filesystem::path& workload_file,
                                 const std::vector<int>& cpus);

}  // namespace gm::measure
