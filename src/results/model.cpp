#include "results/model.hpp"

#include <filesystem>

#include "gilmatrix_version.hpp"
#include "util/paths.hpp"
#include "util/system_info.hpp"

namespace gm::results {

EnvironmentInfo EnvironmentInfo::of_this_machine(std::vector<std::string> command) {
  EnvironmentInfo env;
  env.cpu_model = gm::cpu_model();
  env.usable_cores = static_cast<int>(usable_cpus().size());
  env.online_cpus = online_cpu_count();
  env.os = os_description();
  env.kernel = kernel_release();
  env.arch = machine_arch();
  env.compiler = compiled_with();
  env.gilmatrix_version = kVersion;
  env.command = std::move(command);
  env.working_directory = std::filesystem::current_path().string();
  env.home = getenv_string("HOME").value_or("");
  return env;
}

bool ModuleCheck::problem() const {
  return status != module_status::keeps_gil_disabled && status != module_status::importable;
}

const BuildRecord* RunResults::find_build(const std::string& build_name) const {
  for (const auto& b : builds)
    if (b.name == build_name) return &b;
  return nullptr;
}

const WorkloadRecord* RunResults::find_workload(const std::string& workload_name) const {
  for (const auto& w : workloads)
    if (w.name == workload_name) return &w;
  return nullptr;
}

std::optional<bool> measured_gil_after(const CellResult& cell) {
  if (cell.status != cell_status::ok) return std::nullopt;
  return cell.gil_enabled_after;
}

}  // namespace gm::results
