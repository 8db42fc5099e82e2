#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "config/matrix.hpp"

namespace gm::config {

// One measurement: a workload on a build with one executor, GIL mode and worker count.
struct Cell {
  std::string build;
  std::string workload;
  Executor executor = Executor::threads;
  GilMode gil_mode = GilMode::default_mode;
  int workers = 1;
  Repeats repeats{1, false};
  int iterations = 0;                        // from the matrix; 0: calibrated, else the workload file's ITERATIONS
  std::chrono::milliseconds sample_time{0};  // calibration target; 0: no calibration
  std::chrono::milliseconds timeout{0};

  // "3.13t/cpu-pure-python/threads/default/x4": stable, unique within a run.
  std::string key() const;
  // Cells that differ only in worker count form one scaling series.
  std::string series_key() const;
  // Cores the cell reserves: one per worker, one for asyncio (a single thread).
  int cores() const;
  bool operator==(const Cell&) const = default;
};

struct BuildTraits {
  std::string name;
  bool free_threaded = false;
  // "3.14.7" (probed) or "3.14" (asked for); empty where it is not known before
  // the build exists (a git ref): then no executor is left out for its version.
  std::string version;
};

// Why `executor` cannot run on a Python of `version` ("3.12.1", "3.14"), or
// nothing when it can or the version is not known.
std::optional<std::string> executor_unavailable(Executor executor, const std::string& version);

struct Expansion {
  std::vector<Cell> cells;
  std::vector<std::string> notes;  // what was dropped or added, and why
};

// Sorted, unique worker counts no larger than `usable_cores`, always including 1
// (the baseline every speedup is computed against).
std::vector<int> resolve_workers(const std::vector<WorkerCount>& requested, int usable_cores,
                                 std::vector<std::string>* notes = nullptr);

Expansion expand_matrix(const Matrix& matrix, const std::vector<BuildTraits>& builds, int usable_cores);

}  // namespace gm::config
