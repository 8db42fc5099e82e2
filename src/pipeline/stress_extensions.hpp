#pragma once
// `check --stress` and `stress` in a matrix's [[packages]]: every usable
// build's environment of a package set drives its extension modules from many
// threads at once, several runs per GIL setting, and each module gets a
// thread-safety verdict beside its GIL verdict.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/matrix.hpp"
#include "pipeline/compatibility.hpp"
#include "pipeline/prepared_build.hpp"
#include "results/thread_safety.hpp"

namespace gm::pipeline {

// One package set's stress runs: what drives its modules, on which builds,
// and where their logs go.
struct StressTarget {
  std::string package_set;
  std::optional<std::filesystem::path> stress_file;  // test_* functions; none: concurrent imports
  bool sanitised_builds_only = false;                // `run` without a stress file: only sanitised builds are stressed
  // The set's source trees, read for how each module declares support and to
  // name a race's file as the user's tree has it.
  std::vector<std::filesystem::path> sources;
  std::filesystem::path run_dir;  // <run_dir>/<build>/run-NN-...
};

struct StressResults {
  std::vector<results::ThreadSafetyCheck> modules;
  std::vector<results::StressSummary> builds;
};

// The build's own suppressions (its Tools/tsan file, kept at build time),
// gilmatrix's and the user's (`settings.suppressions`), in one file in `dir`:
// TSan reads one. `user_rules` gets the user's rules.
std::filesystem::path combined_suppressions(const PreparedBuild& build, const config::StressSettings& settings,
                                            const std::filesystem::path& dir, std::vector<std::string>& user_rules);

// Runs every target on every usable build its package set was installed into.
StressResults stress_extensions(const std::vector<PreparedBuild>& builds, const CompatibilityResults& compatibility,
                                const std::vector<StressTarget>& targets, const config::StressSettings& settings,
                                Workspace& workspace);

}  // namespace gm::pipeline
