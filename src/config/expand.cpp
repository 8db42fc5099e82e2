#include "config/expand.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include <fmt/format.h>

namespace gm::config {

std::string Cell::series_key() const {
  return fmt::format("{}/{}/{}/{}", build, workload, to_string(executor), to_string(gil_mode));
}

int Cell::cores() const { return executor == Executor::asyncio ? 1 : workers; }

std::string Cell::key() const { return fmt::format("{}/x{}", series_key(), workers); }

std::vector<int> resolve_workers(const std::vector<WorkerCount>& requested, int usable_cores,
                                 std::vector<std::string>* notes) {
  std::set<int> counts{1};
  std::set<int> dropped;
  for (const auto& w : requested) {
    int n = w.all ? usable_cores : w.count;
    if (n > usable_cores)
      dropped.insert(n);
    else
      counts.insert(n);
  }
  if (notes != nullptr && !dropped.empty()) {
    std::vector<std::string> text;
    for (int n : dropped) text.push_back(std::to_string(n));
    notes->push_back(
        fmt::format("worker counts {} dropped: this machine has {} usable cores", fmt::join(text, ", "), usable_cores));
  }
  return {counts.begin(), counts.end()};
}

std::optional<std::string> executor_unavailable(Executor executor, const std::string& version) {
  if (executor != Executor::interpreter_pool) return std::nullopt;
  int major = 0, minor = 0;
  if (std::sscanf(version.c_str(), "%d.%d", &major, &minor) != 2) return std::nullopt;
  if (major > 3 || (major == 3 && minor >= 14)) return std::nullopt;
  return fmt::format("concurrent.futures.InterpreterPoolExecutor is new in Python 3.14 (this build is {})", version);
}

Expansion expand_matrix(const Matrix& matrix, const std::vector<BuildTraits>& builds, int usable_cores) {
  Expansion out;
  std::set<std::string> notes;
  for (const auto& build : builds) {
    for (const auto& workload : matrix.workloads) {
      if (!workload.builds.empty() &&
          std::find(workload.builds.begin(), workload.builds.end(), build.name) == workload.builds.end())
        continue;
      std::vector<std::string> worker_notes;
      auto workers = resolve_workers(workload.workers.value_or(matrix.defaults.workers), usable_cores, &worker_notes);
      notes.insert(worker_notes.begin(), worker_notes.end());
      std::vector<GilMode> modes;
      for (auto mode : workload.gil_modes.value_or(matrix.defaults.gil_modes)) {
        if (mode != GilMode::default_mode && !build.free_threaded) {
          notes.insert(fmt::format("GIL mode \"{}\" applies only to free-threaded builds; skipped on {}",
                                   to_string(mode), build.name));
          continue;
        }
        modes.push_back(mode);
      }
      for (auto executor : workload.executors) {
        if (auto why = executor_unavailable(executor, build.version)) {
          notes.insert(fmt::format("executor \"{}\" skipped on {}: {}", to_string(executor), build.name, *why));
          continue;
        }
        for (auto mode : modes)
          for (int n : workers) {
            Cell cell;
            cell.build = build.name;
            cell.workload = workload.name;
            cell.executor = executor;
            cell.gil_mode = mode;
            cell.workers = n;
            cell.repeats = workload.repeats.value_or(matrix.defaults.repeats);
            cell.iterations = workload.iterations.value_or(0);
            cell.sample_time = workload.sample_time.value_or(matrix.defaults.measurement.sample_time);
            cell.timeout = workload.timeout.value_or(matrix.defaults.timeout);
            out.cells.push_back(cell);
          }
      }
    }
  }
  out.notes.assign(notes.begin(), notes.end());
  return out;
}

}  // namespace gm::config
