#include "pipeline/stress_extensions.hpp"

#include <fmt/format.h>

#include "compat/binding.hpp"
#include "compat/declaration.hpp"
#include "compat/thread_verdict.hpp"
#include "cpython_build/build_or_reuse.hpp"
#include "exec/interrupt.hpp"
#include "util/cache_layout.hpp"
#include "util/paths.hpp"
#include "util/terminal.hpp"

namespace gm::pipeline {
namespace fs = std::filesystem;

namespace {

// How a module declares support: its sources say how and where; the import
// on a free-threaded build says whether (a module that re-enables the GIL
// when imported alone does not declare it).
results::Declaration declaration_of(const std::string& module, const std::string& build,
                                    const std::vector<compat::Declaration>& in_sources,
                                    const std::vector<results::ModuleCheck>& checks) {
  results::Declaration d;
  if (auto found = compat::declaration_for(in_sources, module)) {
    d.state = found->not_used ? results::DeclarationState::declares : results::DeclarationState::does_not_declare;
    d.how = compat::to_string(found->method);
    d.where = fmt::format("{}:{}", found->file.string(), found->line);
    return d;
  }
  for (const auto& c : checks) {
    if (c.build != build || c.module != module) continue;
    if (c.status == results::ModuleStatus::keeps_gil_disabled) {
      d.state = results::DeclarationState::declares;
      d.how = "at import (the GIL stays disabled)";
    } else if (c.status == results::ModuleStatus::reenables_gil &&
               (c.attributed_to.empty() || c.attributed_to == module)) {
      d.state = results::DeclarationState::does_not_declare;
      d.how = "at import (the GIL is re-enabled)";
    }
  }
  return d;
}

std::string fix_of(const std::string& module, const std::string& build,
                   const std::vector<results::ModuleCheck>& checks) {
  for (const auto& c : checks)
    if (c.build == build && c.module == module) return c.fix;
  return "";
}

compat::ThreadSafetyVerdicts stress_build(const PreparedBuild& build, const fs::path& python,
                                          const std::vector<ExtensionFile>& files,
                                          const CompatibilityResults& compatibility, const StressTarget& target,
                                          const config::StressSettings& settings, Workspace& workspace,
                                          const std::vector<compat::Declaration>& in_sources, const fs::path& dir) {
  auto& terminal = Terminal::instance();
  const auto& name = build.record.name;
  bool free_threaded = build.record.probe && build.record.probe->free_threaded;
  compat::StressPlan plan{name,
                          free_threaded,
                          build.record.details.thread_sanitized(),
                          target.stress_file ? target.stress_file->string() : "",
                          settings.runs,
                          settings.threads,
                          settings.iterations,
                          {},
                          settings.suppressions ? settings.suppressions->string() : ""};
  // A resumed run stresses again: an earlier attempt's logs would be read as this one's.
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto suppressions =
      plan.sanitised ? std::optional(combined_suppressions(build, settings, dir, plan.user_rules)) : std::nullopt;

  std::vector<compat::ModuleUnderStress> modules;
  std::vector<std::string> names;
  for (const auto& f : files) {
    modules.push_back({f.distribution, f.version, f.module, f.file,
                       declaration_of(f.module, name, in_sources, compatibility.modules),
                       fix_of(f.module, name, compatibility.modules)});
    names.push_back(f.module);
  }

  // The GIL forced off is what a free-threaded build promises; the build's own
  // choice (an undeclared module switches it back on) shows what users get.
  std::vector<bool> settings_order = free_threaded ? std::vector<bool>{true, false} : std::vector<bool>{false};
  compat::StressRequest base;  // what every run of this build shares
  base.python = python;
  base.scripts_dir = workspace.scripts_dir;
  base.modules = names;
  base.stress_file = target.stress_file;
  base.threads = settings.threads;
  base.iterations = settings.iterations;
  base.timeout = settings.timeout;
  base.sanitised = plan.sanitised;
  base.suppressions = suppressions;

  std::vector<compat::StressedRun> runs;
  for (int k = 1; k <= settings.runs && !exec::interrupted(); ++k) {
    for (bool forced_off : settings_order) {
      if (exec::interrupted()) break;
      auto request = base;
      request.gil_forced_off = forced_off;
      request.run_dir = dir / fmt::format("run-{:02}-{}", k, forced_off ? "gil-off" : "as-built");
      terminal.status(fmt::format("stress {}: run {} of {} ({})", name, k, settings.runs,
                                  forced_off ? "PYTHON_GIL=0" : "as the build chooses"));
      runs.push_back({forced_off, request.run_dir, compat::run_stress(workspace.runner, request)});
      if (const auto& fatal = runs.back().outcome.tsan_fatal) {
        // TSan cannot start at all: every further run would fail the same way.
        terminal.warning(fmt::format("stress {}: {}", name, *fatal));
        k = settings.runs;
        break;
      }
    }
  }
  auto verdicts = compat::judge_stress_runs(plan, modules, runs);
  verdicts.summary.run_dir = dir.string();
  verdicts.summary.package_set = target.package_set;
  for (auto& check : verdicts.modules) check.package_set = target.package_set;
  auto again = base;
  again.run_dir = ".";  // the command writes its files where it is run
  for (auto& check : verdicts.modules) {
    again.gil_forced_off = free_threaded && (check.forced_off_only || check.verdict != results::ThreadVerdict::clean);
    check.reproduce = compat::stress_reproduce_command(again);
  }
  return verdicts;
}

// A frame's file as the user's tree has it: gilmatrix installs local sources
// from a copy, so TSan names the copy (<venv>/tmp/src-XXXX/pkg/mod.c). The
// longest tail of that path found in one of the targets' trees wins.
std::string in_user_tree(const std::string& file, const std::vector<fs::path>& trees) {
  fs::path path(file);
  std::vector<fs::path> parts(path.begin(), path.end());
  for (std::size_t first = 0; first < parts.size(); ++first) {
    fs::path tail;
    for (std::size_t i = first; i < parts.size(); ++i) tail /= parts[i];
    if (tail.is_absolute()) continue;
    for (const auto& tree : trees) {
      std::error_code ec;
      if (fs::is_regular_file(tree / tail, ec)) return (tree / tail).lexically_normal().string();
    }
  }
  return file;
}

}  // namespace

fs::path combined_suppressions(const PreparedBuild& build, const config::StressSettings& settings, const fs::path& dir,
                               std::vector<std::string>& user_rules) {
  std::string text = fmt::format("# gilmatrix: faulthandler's stack dump reads running threads' frames\n{}\n\n",
                                 compat::kStackDumpSuppression);
  if (auto own = cpython_build::tsan_suppressions_of(build.python))
    text += "# " + own->string() + "\n" + read_text_file(*own).value_or("") + "\n";
  if (settings.suppressions) {
    auto user = read_text_file(*settings.suppressions);
    if (!user) throw UsageError(fmt::format("suppressions {}: {}", settings.suppressions->string(), user.error()));
    user_rules = compat::suppression_rules(*user);
    text += "# " + settings.suppressions->string() + "\n" + *user + "\n";
  }
  write_file_atomically(dir / "suppressions.txt", text);
  return dir / "suppressions.txt";
}

StressResults stress_extensions(const std::vector<PreparedBuild>& builds, const CompatibilityResults& compatibility,
                                const std::vector<StressTarget>& targets, const config::StressSettings& settings,
                                Workspace& workspace) {
  StressResults out;
  for (const auto& target : targets) {
    std::vector<compat::Declaration> in_sources;
    for (const auto& tree : target.sources) {
      auto found = compat::find_declarations(tree);
      in_sources.insert(in_sources.end(), found.begin(), found.end());
    }
    for (const auto& build : builds) {
      if (!build.record.ok() || exec::interrupted()) continue;
      if (target.sanitised_builds_only && !build.record.details.thread_sanitized()) continue;
      auto env = compatibility.environments.find({build.record.name, target.package_set});
      auto files = compatibility.extension_files.find({build.record.name, target.package_set});
      if (env == compatibility.environments.end() || files == compatibility.extension_files.end()) continue;
      auto verdicts = stress_build(build, env->second, files->second, compatibility, target, settings, workspace,
                                   in_sources, target.run_dir / build.record.name);
      Terminal::instance().line(fmt::format("stress {}: {} runs x {} settings with {} threads; logs in {}",
                                            build.record.name, settings.runs, verdicts.summary.settings.size(),
                                            settings.threads, verdicts.summary.run_dir));
      for (auto& check : verdicts.modules)
        for (auto& race : check.races)
          if (!race.file.empty()) race.file = in_user_tree(race.file, target.sources);
      out.modules.insert(out.modules.end(), verdicts.modules.begin(), verdicts.modules.end());
      out.builds.push_back(std::move(verdicts.summary));
    }
  }
  return out;
}

}  // namespace gm::pipeline
