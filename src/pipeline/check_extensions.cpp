#include "pipeline/check_extensions.hpp"

#include <algorithm>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "config/requirement.hpp"
#include "exec/interrupt.hpp"
#include "sources/archive.hpp"
#include "sources/python_request.hpp"
#include "util/cache_layout.hpp"
#include "util/paths.hpp"
#include "util/terminal.hpp"

namespace gm::pipeline {
namespace fs = std::filesystem;

namespace {

// "cp313t", "3.13+freethreaded", "python3.13t", ...: see sources/python_request.hpp.
config::BuildSpec build_spec_for(const std::string& python) {
  auto request = sources::parse_python_request(python);
  if (!request) throw UsageError("--python " + request.error());
  config::BuildSpec spec;
  spec.name = request->name();
  if (request->version) {
    spec.version = request->version;
    spec.free_threaded = request->free_threaded;
    spec.thread_sanitizer = request->thread_sanitizer;
  } else {
    spec.interpreter = request->interpreter;
  }
  return spec;
}

// A path that exists, else a requirement pip may be given (never an option).
std::string as_requirement(const std::string& target) {
  std::error_code ec;
  if (fs::exists(target, ec)) return fs::absolute(target).lexically_normal().string();
  auto kind = config::classify_requirement(target);
  if (!kind) throw UsageError(fmt::format("target \"{}\": {}", target, kind.error().message));
  if (*kind == config::RequirementKind::path)
    throw UsageError(fmt::format("target \"{}\": no such file or directory", target));
  return target;
}

}  // namespace

CheckOutcome check_extensions(const CheckRequest& request, Workspace& workspace) {
  CheckOutcome outcome;
  auto pythons = request.pythons.empty() ? std::vector<std::string>{"3.13t", "3.14t"} : request.pythons;
  std::vector<config::BuildSpec> specs;  // every name is read before anything is built
  for (const auto& python : pythons) {
    auto spec = build_spec_for(python);
    bool seen = std::any_of(specs.begin(), specs.end(), [&](const auto& s) { return s.name == spec.name; });
    if (!seen) specs.push_back(std::move(spec));
  }
  outcome.builds = prepare_builds(specs, workspace);
  for (const auto& b : outcome.builds) {
    if (b.record.ok()) continue;
    bool skipped = request.skip_missing && b.record.missing();
    Terminal::instance().warning(
        fmt::format("{}{}: {}: {}", skipped ? "skipped " : "", b.record.name, b.record.status, b.record.reason));
  }

  config::PackageSet set;
  set.name = results::kCheckPackageSet;
  for (const auto& target : request.targets) set.requirements.push_back(as_requirement(target));

  // The maintainer's sources tell which binding built the module (Cython,
  // pybind11, ...) when there is one target, and how each module declares
  // free-threading support.
  std::vector<fs::path> source_trees;
  std::vector<std::unique_ptr<TempDir>> unpacked;
  for (const auto& requirement : set.requirements) {
    fs::path target = requirement;
    if (fs::is_directory(target)) {
      source_trees.push_back(target);
    } else if (target.string().ends_with(".tar.gz") && fs::is_regular_file(target)) {
      unpacked.push_back(std::make_unique<TempDir>("gilmatrix-sdist"));
      if (auto dir = sources::extract_archive(target, unpacked.back()->path())) source_trees.push_back(*dir);
    }
  }
  std::optional<fs::path> sources;
  if (request.targets.size() == 1 && !source_trees.empty()) sources = source_trees.front();
  outcome.compatibility =
      check_compatibility(outcome.builds, {set}, workspace, request.import_timeout, request.install_timeout, sources);
  bool any_sanitised = std::any_of(specs.begin(), specs.end(), [](const auto& s) { return s.thread_sanitizer; });
  if ((request.stress_requested || any_sanitised) && !exec::interrupted())
    outcome.stress = stress_extensions(outcome.builds, outcome.compatibility,
                                       {{set.name, request.stress_file, false, source_trees,
                                         CacheLayout(workspace.cache_root).stress_runs() / utc_timestamp_compact()}},
                                       request.stress, workspace);

  bool any_build = false, missing = false, install_failed = false, no_environment = false, problem = false;
  for (const auto& b : outcome.builds) {
    any_build |= b.record.ok();
    if (b.record.ok()) continue;
    if (request.skip_missing && b.record.missing())
      outcome.skipped.push_back(b.record.name);
    else
      missing = true;
  }
  // "My package does not install on 3.14t" is a finding about the package,
  // like one that re-enables the GIL (exit 1); an interpreter that could not be
  // had, or a venv that could not be made on it, is not (exit 3).
  for (const auto& i : outcome.compatibility.installs) {
    no_environment |= i.environment_failed();
    install_failed |= !i.ok && !i.environment_failed();
  }
  for (const auto& m : outcome.compatibility.modules) problem |= m.problem();
  for (const auto& m : outcome.stress.modules) problem |= results::is_problem(m.verdict);
  bool stress_failed = false;  // ThreadSanitizer could not run, or the harness failed: nothing was learnt
  for (const auto& b : outcome.stress.builds) stress_failed |= !b.problems.empty();
  if (exec::interrupted())
    outcome.exit_code = ExitCode::interrupted;
  else if (!any_build || missing || no_environment || stress_failed)
    outcome.exit_code = ExitCode::infrastructure;
  else if (problem || install_failed)
    outcome.exit_code = ExitCode::findings;
  return outcome;
}

results::CheckResults CheckOutcome::results() const {
  results::CheckResults check;
  for (const auto& b : builds) check.builds.push_back(b.record);
  check.skipped = skipped;
  check.environments = compatibility.environment_records;
  check.installs = compatibility.installs;
  check.modules = compatibility.modules;
  check.together = compatibility.together;
  check.thread_safety = stress.modules;
  check.stress = stress.builds;
  check.exit_code = static_cast<int>(exit_code);
  return check;
}

}  // namespace gm::pipeline
