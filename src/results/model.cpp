#include "results/model.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "gilmatrix_version.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"
#include "util/system_info.hpp"

namespace gm::results {

MachineInfo MachineInfo::of_this_machine(std::vector<std::string> command) {
  MachineInfo env;
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
  auto cpus = usable_cpus();
  env.governor = cpufreq_governors(cpus);
  env.turbo = turbo_state();
  env.smt_siblings = smt_sibling_groups(cpus);
  env.virtualized = under_hypervisor();
  env.load_average = gm::load_average();
  if (!env.governor.empty() && env.governor != "performance")
    env.warnings.push_back(
        fmt::format("the CPU frequency governor is \"{}\": clock speed follows the load, which "
                    "skews speedups; for steadier numbers set \"performance\" "
                    "(cpupower frequency-set -g performance)",
                    env.governor));
  if (env.turbo == "on")
    env.warnings.push_back(
        "turbo boost is on: one busy core may run faster than several busy ones, so speedups "
        "read somewhat low");
  for (const auto& group : env.smt_siblings)
    env.warnings.push_back(
        fmt::format("cores {} are SMT siblings of one physical core: workers placed on them "
                    "share it, so speedups across them stay below the worker count",
                    group));
  if (env.virtualized)
    env.warnings.push_back(
        "this is a virtual machine: time the host gives to other guests shows only as steal "
        "time where the hypervisor reports it; compare repeated runs before trusting one");
  if (env.load_average > 0.5 * std::max(1, env.usable_cores))
    env.warnings.push_back(
        fmt::format("the load average was {:.2f} on {} cores when the run started: other work "
                    "was running, and cells it overlapped are measured again or flagged",
                    env.load_average, env.usable_cores));
  return env;
}

std::string InstallRecord::reason() const {
  if (!cause.empty()) return cause;
  auto lines = split_lines(detail);
  return lines.empty() ? std::string() : lines.front();
}

bool ModuleCheck::problem() const {
  return status != ModuleStatus::keeps_gil_disabled && status != ModuleStatus::importable;
}

bool ModuleCheck::fixable() const {
  return status == ModuleStatus::reenables_gil || status == ModuleStatus::other_interpreter_binary;
}

const BuildRecord* RunResults::find_build(const std::string& build_name) const {
  for (const auto& b : builds)
    if (b.name == build_name) return &b;
  return nullptr;
}

std::optional<bool> measured_gil_after(const CellResult& cell) {
  if (cell.status != CellStatus::ok) return std::nullopt;
  return cell.gil_enabled_after;
}

}  // namespace gm::results
