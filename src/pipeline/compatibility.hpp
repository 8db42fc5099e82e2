#pragma once
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/matrix.hpp"
#include "pipeline/prepared_build.hpp"
#include "results/model.hpp"

namespace gm::pipeline {

// An extension module's shared object in a package environment.
struct ExtensionFile {
  std::string distribution;
  std::string version;
  std::string module;
  std::filesystem::path file;
};

struct CompatibilityResults {
  std::vector<results::PackageEnvironmentRecord> environment_records;
  std::vector<results::InstallRecord> installs;
  std::vector<results::ModuleCheck> modules;
  std::vector<results::TogetherCheck> together;
  // (build, package set) -> the environment's python, for workloads that import the set
  std::map<std::pair<std::string, std::string>, std::filesystem::path> environments;
  // (build, package set) -> its extension modules' files, for stress runs
  std::map<std::pair<std::string, std::string>, std::vector<ExtensionFile>> extension_files;
};

// For every usable build and package set: an environment with the set
// installed, then every extension module imported alone in a fresh process
// (and all of them together), in parallel on all cores.
CompatibilityResults check_compatibility(const std::vector<PreparedBuild>& builds,
                                         const std::vector<config::PackageSet>& sets, Workspace& workspace,
                                         std::chrono::milliseconds import_timeout,
                                         std::chrono::milliseconds install_timeout,
                                         const std::optional<std::filesystem::path>& binding_sources = std::nullopt);

}  // namespace gm::pipeline
