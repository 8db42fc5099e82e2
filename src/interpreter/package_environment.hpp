#pragma once
// One virtual environment per (interpreter, package set): created with
// `python -m venv`, the set's requirements installed one by one with pip (so
// one failure does not stop the rest), and the extension modules each
// distribution installed listed from its RECORD. Cached under
// <cache>/venvs/<key>/ while its inputs are unchanged, and only when every
// install in it ran to its end (an interrupted one leaves nothing cached).
// pip sees none of the user's configuration or caches: its wheel cache is
// gilmatrix's, per interpreter build, and everything it was told is recorded.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/matrix.hpp"
#include "exec/process.hpp"
#include "harness/protocol.hpp"
#include "util/json_record.hpp"

namespace gm::interpreter {

using harness::ExtensionModule;
using harness::InstalledDistribution;

struct RequirementInstall {
  std::string requirement;
  bool ok = false;
  std::string cause;   // on failure: the line of pip's output that says why (see pip_failure.hpp)
  std::string detail;  // on failure: the output around that line
  std::filesystem::path log;
};
GM_JSON_RECORD(RequirementInstall, requirement, ok, cause, detail, log)

struct PackageEnvironment {
  std::string key;
  std::filesystem::path dir;
  std::filesystem::path python;  // <dir>/bin/python
  bool reused = false;
  std::vector<std::string> pip_options;  // what pip was told, recorded in the results
  std::vector<RequirementInstall> installs;
  std::vector<InstalledDistribution> distributions;
  std::string error;  // the environment itself could not be made

  bool usable() const { return error.empty(); }
};
// Its record in the environment's completion marker (the rest is found again on reuse).
GM_JSON_MEMBERS(PackageEnvironment, key, pip_options, installs)

struct EnvironmentRequest {
  std::filesystem::path base_python;
  std::string base_version;  // from the probe, part of the key
  const config::PackageSet& packages;
  std::vector<std::filesystem::path> mirrors;  // their sdists/ folders serve offline installs
  std::filesystem::path cache_root;
  std::filesystem::path scripts_dir;
  // Names the interpreter build exactly (its build cache key, or a hash of the
  // probe): pip's wheel cache is <cache>/pip/<this>, so a wheel built for one
  // build is never installed into another with the same wheel tag.
  std::string build_identity;
  std::chrono::milliseconds install_timeout{20 * 60'000};  // per requirement
  bool verbose = false;
  bool offline = false;  // --offline: pip never reaches an index
};

// Where pip may look for the set's packages and how it runs. Pure: decided
// from the request and the mirrors' sdists/ folders that exist.
struct PipOptions {
  std::vector<std::string> settings;   // the variables pip runs with, NAME=value
  std::vector<std::string> arguments;  // after `pip install`, before the requirement
  // Offline from the mirrors' sdists, without build isolation: the build
  // backend (setuptools) is installed into the venv first.
  bool from_mirror = false;
  std::vector<std::string> recorded() const;  // settings, then arguments: what the results record
};
PipOptions pip_options(const EnvironmentRequest& request, const std::vector<std::filesystem::path>& sdist_folders);

// The `sdists/` folders of `mirrors` that exist.
std::vector<std::filesystem::path> sdist_folders(const std::vector<std::filesystem::path>& mirrors);

// Made, or reused when complete; `error` says why it could not be made
// (interrupted: nothing kept). Throws InfraError when the disk fills up.
PackageEnvironment ensure_package_environment(exec::ProcessRunner& runner, const EnvironmentRequest& request);

}  // namespace gm::interpreter
