#pragma once
// `check --stress`: every usable build's environment drives its extension
// modules from many threads at once, several runs per GIL setting, and each
// module gets a thread-safety verdict beside its GIL verdict.
#include <chrono>
#include <filesystem>
#include <optional>
#include <vector>

#include "pipeline/compatibility.hpp"
#include "pipeline/prepared_build.hpp"
#include "results/thread_safety.hpp"

namespace gm::pipeline {

struct StressSettings {
  std::optional<std::filesystem::path> stress_file;  // test_* functions; none: concurrent imports
  int threads = 8;
  int iterations = 100;
  int runs = 10;  // per GIL setting
  std::chrono::milliseconds timeout{120'000};  // per run
  std::optional<std::filesystem::path> suppressions;  // the user's, added to the build's own
};

struct StressResults {
  std::vector<results::ThreadSafetyCheck> modules;
  std::vector<results::StressSummary> builds;
};

// Runs for every usable build the package set "check" was installed into.
// `sources`: the targets' source trees, read for how each module declares support.
StressResults stress_extensions(const std::vector<PreparedBuild>& builds, const CompatibilityResults& compatibility,
                                const StressSettings& settings, Workspace& workspace,
                                const std::vector<std::filesystem::path>& sources);

}  // namespace gm::pipeline
