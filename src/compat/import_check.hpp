#pragma once
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "exec/process.hpp"
#include "results/model.hpp"

namespace gm::compat {

struct ImportOutcome {
  results::ModuleStatus status = results::ModuleStatus::import_error;
  std::optional<bool> gil_enabled_after;
  std::string attributed_to;
  std::string detail;
};

// Imports `modules` in one fresh process of `python` with PYTHON_GIL unset,
// under `timeout`, pinned to `cpus`, and classifies what happened.
ImportOutcome check_import(exec::ProcessRunner& runner, const std::filesystem::path& python,
                           const std::filesystem::path& scripts_dir, const std::vector<std::string>& modules,
                           bool free_threaded, std::chrono::milliseconds timeout, const std::vector<int>& cpus);

// The one-line command that shows the finding for `module`.
std::string reproduce_command(const std::filesystem::path& python, const std::string& module);

}  // namespace gm::compat
