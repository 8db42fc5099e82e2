#include "pipeline/compatibility.hpp"

#include <deque>
#include <mutex>

#include <fmt/format.h>

#include "compat/binary_suffix.hpp"
#include "compat/binding.hpp"
#include "compat/import_check.hpp"
#include "exec/interrupt.hpp"
#include "interpreter/package_environment.hpp"
#include "results/ordering.hpp"
#include "schedule/core_scheduler.hpp"
#include "util/hash.hpp"
#include "util/system_info.hpp"
#include "util/terminal.hpp"

namespace gm::pipeline {
namespace fs = std::filesystem;

namespace {

using results::ModuleStatus;

// One (build, package set): its environment and the checks still to finish.
struct EnvironmentState {
  const PreparedBuild* build;
  const config::PackageSet* set;
  interpreter::PackageEnvironment environment;
  std::vector<std::string> importable;  // imported fine alone: candidates for the together check
  int outstanding = 0;
};

results::ModuleCheck describe_module(const EnvironmentState& state, const interpreter::InstalledDistribution& dist,
                                     const interpreter::ExtensionModule& module,
                                     const std::optional<fs::path>& binding_sources) {
  results::ModuleCheck check;
  check.build = state.build->record.name;
  check.package_set = state.set->name;
  check.distribution = dist.name;
  check.version = dist.version;
  check.module = module.module;
  check.free_threaded = state.build->record.probe->free_threaded;
  check.reproduce = compat::reproduce_command(state.environment.python, module.module);
  auto binding = compat::detect_binding(module.file, binding_sources);
  check.binding = compat::to_string(binding);
  check.fix = compat::fix_hint(binding, compat::detect_init_style(module.file));
  return check;
}

// The build's cache key, or for an existing interpreter a hash of what makes
// its extension modules binary-compatible with it.
std::string build_identity(const PreparedBuild& build) {
  if (!build.record.details.cache_key.empty()) return build.record.details.cache_key;
  const auto& probe = *build.record.probe;
  std::error_code ec;
  auto real = fs::canonical(build.python, ec);
  auto facts = fmt::format("{}\n{}\n{}\n{}\n{}\n{}", ec ? build.python.string() : real.string(), probe.version,
                           probe.free_threaded, probe.soabi, probe.config_args, probe.compiler);
  return "interpreter-" + sha256_hex(facts).substr(0, 16);
}

// A binary named for another interpreter is not imported: it cannot be.
results::ModuleCheck describe_wrong_binary(const EnvironmentState& state,
                                           const interpreter::InstalledDistribution& dist,
                                           const interpreter::ExtensionModule& module,
                                           const std::optional<fs::path>& binding_sources) {
  auto check = describe_module(state, dist, module, binding_sources);
  auto wrong = compat::describe_wrong_binary(module.file, module.module, state.build->record.probe->ext_suffix);
  check.status = ModuleStatus::other_interpreter_binary;
  check.detail = wrong.detail;
  check.fix = wrong.fix;
  Terminal::instance().line(fmt::format("{} {}: {}", check.build, check.module, check.detail));
  return check;
}

// When the GIL warning named another module than the one imported, the fix
// belongs to that module: find it among the environment's extension modules.
void blame_imported_module(results::ModuleCheck& check, const EnvironmentState& state,
                           const std::optional<fs::path>& binding_sources) {
  if (check.status != ModuleStatus::reenables_gil || check.attributed_to.empty() || check.attributed_to == check.module)
    return;
  compat::Culprit culprit{check.attributed_to, std::nullopt, ""};
  for (const auto& dist : state.environment.distributions)
    for (const auto& module : dist.modules)
      if (module.module == check.attributed_to) {
        bool same = dist.name == check.distribution;
        culprit.binding = compat::detect_binding(module.file, same ? binding_sources : std::nullopt);
        if (!same) culprit.other_distribution = dist.name + " " + dist.version;
      }
  check.fix = compat::fix_hint_for_import(check.module, culprit);
}

}  // namespace

// Work is pipelined on the core scheduler: an environment's module checks start
// as soon as that environment is ready, and its all-together import as soon as
// its last module check is done, so no core waits for a whole phase to end.
CompatibilityResults check_compatibility(const std::vector<PreparedBuild>& builds,
                                         const std::vector<config::PackageSet>& sets, Workspace& workspace,
                                         std::chrono::milliseconds import_timeout,
                                         std::chrono::milliseconds install_timeout,
                                         const std::optional<fs::path>& binding_sources) {
  CompatibilityResults out;
  auto& terminal = Terminal::instance();
  schedule::CoreScheduler scheduler(usable_cpus());
  std::mutex mutex;
  std::deque<EnvironmentState> states;  // stable addresses for the jobs

  auto together_job = [&](EnvironmentState& state) {
    return schedule::Job{"together", 1, [&](const std::vector<int>& cpus) {
                           auto outcome = compat::check_import(
                               workspace.runner, state.environment.python, workspace.scripts_dir, state.importable,
                               state.build->record.probe->free_threaded, import_timeout, cpus);
                           std::lock_guard lock(mutex);
                           out.together.push_back({state.build->record.name, state.set->name, outcome.status,
                                                   outcome.gil_enabled_after, outcome.attributed_to, outcome.detail});
                         }};
  };

  auto module_job = [&](EnvironmentState& state, results::ModuleCheck check) {
    return schedule::Job{check.module, 1, [&, check](const std::vector<int>& cpus) mutable {
                           auto outcome =
                               compat::check_import(workspace.runner, state.environment.python, workspace.scripts_dir,
                                                    {check.module}, check.free_threaded, import_timeout, cpus);
                           check.status = outcome.status;
                           check.attributed_to = outcome.attributed_to;
                           check.detail = outcome.detail;
                           // A fix is the change that keeps the GIL off: only a module that turns it on needs one.
                           if (check.status != ModuleStatus::reenables_gil) check.fix.clear();
                           blame_imported_module(check, state, binding_sources);
                           std::lock_guard lock(mutex);
                           terminal.line(fmt::format("{} {}: {}{}", check.build, check.module, check.status,
                                                     check.attributed_to.empty() || check.attributed_to == check.module
                                                         ? ""
                                                         : " (the warning names " + check.attributed_to + ")"));
                           if (check.status == ModuleStatus::keeps_gil_disabled ||
                               check.status == ModuleStatus::reenables_gil || check.status == ModuleStatus::importable)
                             state.importable.push_back(check.module);
                           out.modules.push_back(std::move(check));
                           if (--state.outstanding == 0 && !state.importable.empty())
                             scheduler.submit(together_job(state));
                         }};
  };

  std::vector<schedule::Job> jobs;
  for (const auto& build : builds) {
    if (!build.record.ok()) continue;
    for (const auto& set : sets) {
      auto& state = states.emplace_back(EnvironmentState{&build, &set, {}, {}, 0});
      jobs.push_back({build.record.name + "/" + set.name, 1, [&](const std::vector<int>&) {
                        interpreter::EnvironmentRequest request{state.build->python,
                                                                state.build->record.probe->version,
                                                                *state.set,
                                                                workspace.mirrors,
                                                                workspace.cache_root,
                                                                workspace.scripts_dir,
                                                                build_identity(*state.build),
                                                                install_timeout,
                                                                workspace.verbose,
                                                                workspace.offline};
                        auto environment = interpreter::ensure_package_environment(workspace.runner, request);
                        if (!environment.dir.empty())
                          workspace.in_use->hold("environments", environment.dir.filename().string());
                        std::lock_guard lock(mutex);
                        state.environment = std::move(environment);
                        const auto& env = state.environment;
                        const auto& name = state.build->record.name;
                        for (const auto& install : env.installs)
                          out.installs.push_back({name, state.set->name, install.requirement, install.ok,
                                                  install.detail, install.log.string(), install.cause});
                        if (!env.usable()) {
                          terminal.warning(
                              fmt::format("environment for {} / {}: {}", name, state.set->name, env.error));
                          out.installs.push_back(
                              {name, state.set->name, results::kEnvironmentRequirement, false, env.error, "", ""});
                          return;
                        }
                        out.environments[{name, state.set->name}] = env.python;
                        results::PackageEnvironmentRecord record{
                            name, state.set->name, env.key, env.python.string(), env.pip_options, env.reused, {}};
                        for (const auto& dist : env.distributions) {
                          std::vector<std::string> modules;
                          for (const auto& module : dist.modules) modules.push_back(module.module);
                          record.distributions.push_back({dist.name, dist.version, modules});
                        }
                        out.environment_records.push_back(std::move(record));
                        for (const auto& dist : env.distributions)
                          for (const auto& module : dist.other_interpreter_binaries)
                            out.modules.push_back(describe_wrong_binary(state, dist, module, binding_sources));
                        auto& files = out.extension_files[{name, state.set->name}];
                        for (const auto& dist : env.distributions)
                          for (const auto& module : dist.modules)
                            files.push_back({dist.name, dist.version, module.module, module.file});
                        for (const auto& dist : env.distributions)
                          for (const auto& module : dist.modules) {
                            ++state.outstanding;
                            scheduler.submit(module_job(state, describe_module(state, dist, module, binding_sources)));
                          }
                      }});
    }
  }
  scheduler.run(std::move(jobs), [] { return exec::interrupted(); });
  auto reused = std::count_if(states.begin(), states.end(), [](const auto& s) { return s.environment.reused; });
  terminal.line(fmt::format("{} package environments: {} made now, {} reused from the cache", states.size(),
                            static_cast<long>(states.size()) - reused, reused));

  // Parallel jobs finish in any order; reports want a stable one.
  results::sort_compatibility(out.environment_records, out.installs, out.modules, out.together);
  return out;
}

}  // namespace gm::pipeline
