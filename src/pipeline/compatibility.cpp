#include "pipeline/compatibility.hpp"

#include <mutex>

#include <fmt/format.h>

#include "compat/binding.hpp"
#include "compat/import_check.hpp"
#include "exec/interrupt.hpp"
#include "interpreter/package_environment.hpp"
#include "schedule/core_scheduler.hpp"
#include "util/system_info.hpp"
#include "util/terminal.hpp"

namespace gm::pipeline {
namespace fs = std::filesystem;

namespace {

struct EnvironmentSlot {
  const PreparedBuild* build;
  const config::PackageSet* set;
  interpreter::PackageEnvironment environment;
};

}  // namespace

CompatibilityResults check_compatibility(const std::vector<PreparedBuild>& builds,
                                         const std::vector<config::PackageSet>& sets, Workspace& workspace,
                                         std::chrono::milliseconds import_timeout,
                                         const std::optional<fs::path>& binding_sources) {
  CompatibilityResults out;
  auto& terminal = Terminal::instance();
  schedule::CoreScheduler scheduler(usable_cpus());
  auto stop = [] { return exec::interrupted(); };

  // 1. Environments, one job per (build, set).
  std::vector<EnvironmentSlot> slots;
  for (const auto& build : builds)
    if (build.record.ok())
      for (const auto& set : sets) slots.push_back({&build, &set, {}});
  std::vector<schedule::Job> jobs;
  for (auto& slot : slots)
    jobs.push_back({slot.build->record.name + "/" + slot.set->name, 1, [&slot, &workspace](const std::vector<int>&) {
                      interpreter::EnvironmentRequest request{slot.build->python, slot.build->record.probe->version,
                                                              *slot.set, workspace.mirrors, workspace.cache_root,
                                                              workspace.scripts_dir, workspace.verbose};
                      slot.environment = interpreter::ensure_package_environment(workspace.runner, request);
                    }});
  scheduler.run(std::move(jobs), stop);

  // 2. Import checks, one job per module.
  std::mutex mutex;
  jobs.clear();
  for (const auto& slot : slots) {
    const auto& build = slot.build->record;
    const auto& env = slot.environment;
    for (const auto& install : env.installs)
      out.installs.push_back({build.name, slot.set->name, install.requirement, install.ok, install.detail,
                              install.log.string()});
    if (!env.usable()) {
      terminal.warning(fmt::format("environment for {} / {}: {}", build.name, slot.set->name, env.error));
      out.installs.push_back({build.name, slot.set->name, "(environment)", false, env.error, ""});
      continue;
    }
    out.environments[{build.name, slot.set->name}] = env.python;
    bool free_threaded = build.probe->free_threaded;
    for (const auto& dist : env.distributions) {
      for (const auto& module : dist.modules) {
        results::ModuleCheck check;
        check.build = build.name;
        check.package_set = slot.set->name;
        check.distribution = dist.name;
        check.version = dist.version;
        check.module = module.module;
        check.free_threaded = free_threaded;
        check.reproduce = compat::reproduce_command(env.python, module.module);
        auto binding = compat::detect_binding(module.file, binding_sources);
        check.binding = compat::to_string(binding);
        check.fix = compat::fix_hint(binding);
        fs::path python = env.python;
        jobs.push_back({check.module, 1, [&, check, python, free_threaded](const std::vector<int>& cpus) mutable {
                          auto outcome = compat::check_import(workspace.runner, python, workspace.scripts_dir,
                                                              {check.module}, free_threaded, import_timeout, cpus);
                          check.status = outcome.status;
                          check.attributed_to = outcome.attributed_to;
                          check.detail = outcome.detail;
                          std::lock_guard lock(mutex);
                          terminal.line(fmt::format("{} {}: {}{}", check.build, check.module, check.status,
                                                    check.attributed_to.empty() || check.attributed_to == check.module
                                                        ? ""
                                                        : " (the warning names " + check.attributed_to + ")"));
                          out.modules.push_back(check);
                        }});
      }
    }
  }
  scheduler.run(std::move(jobs), stop);

  // 3. Per environment, the modules that imported on their own, all in one process.
  jobs.clear();
  for (const auto& [key, python] : out.environments) {
    std::vector<std::string> importable;
    bool free_threaded = false;
    for (const auto& m : out.modules)
      if (m.build == key.first && m.package_set == key.second &&
          (m.status == results::module_status::keeps_gil_disabled || m.status == results::module_status::reenables_gil ||
           m.status == results::module_status::importable)) {
        importable.push_back(m.module);
        free_threaded = m.free_threaded;
      }
    if (importable.empty()) continue;
    jobs.push_back({"together", 1, [&, key = key, python = python, importable, free_threaded](const std::vector<int>& cpus) {
                      auto outcome = compat::check_import(workspace.runner, python, workspace.scripts_dir, importable,
                                                          free_threaded, import_timeout, cpus);
                      std::lock_guard lock(mutex);
                      out.together.push_back({key.first, key.second, outcome.status, outcome.gil_enabled_after,
                                              outcome.attributed_to, outcome.detail});
                    }});
  }
  scheduler.run(std::move(jobs), stop);
  // Parallel jobs finish in any order; reports want a stable one.
  std::sort(out.modules.begin(), out.modules.end(), [](const auto& a, const auto& b) {
    return std::tie(a.build, a.package_set, a.distribution, a.module) <
           std::tie(b.build, b.package_set, b.distribution, b.module);
  });
  std::sort(out.together.begin(), out.together.end(),
            [](const auto& a, const auto& b) { return std::tie(a.build, a.package_set) < std::tie(b.build, b.package_set); });
  return out;
}

bool has_compatibility_findings(const CompatibilityResults& results) {
  for (const auto& install : results.installs)
    if (!install.ok) return true;
  for (const auto& module : results.modules)
    if (module.problem()) return true;
  return false;
}

}  // namespace gm::pipeline
