#include "results/model.hpp"

#include <filesystem>

#include "gilmatrix_version.hpp"
#include "util/strings.hpp"
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
  return env;
}

std::string InstallRecord::reason() const {
  if (!cause.empty()) return cause;
  auto lines = split_lines(detail);
  return lines.empty() ? std::string() : lines.front();
}

bool ModuleCheck::problem() const {
  return status != module_status::keeps_gil_disabled && status != module_status::importable;
}

bool ModuleCheck::fixable() const {
  return status == module_status::reenables_gil || status == module_status::other_interpreter_binary;
}

const BuildRecord* RunResults::find_build(const std::string& build_name) const {
  for (const auto& b : builds)
    if (b.name == build_name) return &b;
  return nullptr;
}

}  // namespace gm::results
