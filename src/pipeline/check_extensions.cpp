#include "pipeline/check_extensions.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "sources/archive.hpp"
#include "util/paths.hpp"
#include "util/terminal.hpp"

namespace gm::pipeline {
namespace fs = std::filesystem;

const std::vector<std::string>& default_build_names() {
  static const std::vector<std::string> names{"3.12", "3.13", "3.13t", "3.14", "3.14t"};
  return names;
}

namespace {

config::BuildSpec build_spec_for(const std::string& python) {
  config::BuildSpec spec;
  spec.name = python;
  const auto& known = default_build_names();
  if (std::find(known.begin(), known.end(), python) != known.end()) {
    spec.free_threaded = python.ends_with('t');
    spec.version = spec.free_threaded ? python.substr(0, python.size() - 1) : python;
  } else {
    spec.interpreter = python;
  }
  return spec;
}

std::string as_requirement(const std::string& target) {
  std::error_code ec;
  if (fs::exists(target, ec)) return fs::absolute(target).lexically_normal().string();
  return target;
}

}  // namespace

CheckOutcome check_extensions(const CheckRequest& request, Workspace& workspace) {
  CheckOutcome outcome;
  auto pythons = request.pythons.empty() ? std::vector<std::string>{"3.13t", "3.14t"} : request.pythons;
  std::vector<config::BuildSpec> specs;
  for (const auto& python : pythons) specs.push_back(build_spec_for(python));
  outcome.builds = prepare_builds(specs, workspace);

  config::PackageSet set;
  set.name = "check";
  for (const auto& target : request.targets) set.requirements.push_back(as_requirement(target));

  // The maintainer's sources tell which binding built the module (Cython, pybind11, ...).
  std::optional<fs::path> sources;
  std::optional<TempDir> unpacked;
  if (request.targets.size() == 1) {
    fs::path target = set.requirements.front();
    if (fs::is_directory(target)) {
      sources = target;
    } else if (target.string().ends_with(".tar.gz") && fs::is_regular_file(target)) {
      unpacked.emplace("gilmatrix-sdist");
      if (auto dir = sources::extract_archive(target, unpacked->path())) sources = *dir;
    }
  }
  outcome.compatibility = check_compatibility(outcome.builds, {set}, workspace, request.import_timeout, sources);

  bool any_build = false, install_failed = false, problem = false;
  for (const auto& b : outcome.builds) any_build |= b.record.ok();
  for (const auto& i : outcome.compatibility.installs) install_failed |= !i.ok;
  for (const auto& m : outcome.compatibility.modules) problem |= m.problem();
  if (!any_build || install_failed)
    outcome.exit_code = ExitCode::infrastructure;
  else if (problem)
    outcome.exit_code = ExitCode::findings;
  return outcome;
}

}  // namespace gm::pipeline
