#pragma once
#include <chrono>
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
  int repeats = 1;
  int iterations = 0;  // 0: the workload file's own default
  std::chrono::milliseconds timeout{0};

  // "3.13t/cpu-pure-python/threads/default/x4": stable, unique within a run.
  std::string key() const;
  // Cells that differ only in worker count form one scaling series.
  std::string series_key() const;
};

struct BuildTraits {
  std::string name;
  bool free_threaded = false;
};

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
