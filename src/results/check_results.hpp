#pragma once
#include <algorithm>
#include <string>
#include <vector>

#include "results/model.hpp"
#include "results/thread_safety.hpp"

namespace gm::results {

// What `gilmatrix check` found: the interpreters it used and, for the
// targets installed into each, every extension module's verdict.
struct CheckResults {
  std::vector<BuildRecord> builds;
  std::vector<std::string> skipped;  // builds that could not be had, skipped (--skip-missing)
  std::vector<PackageEnvironmentRecord> environments;
  std::vector<InstallRecord> installs;
  std::vector<ModuleCheck> modules;
  std::vector<TogetherCheck> together;
  std::vector<ThreadSafetyCheck> thread_safety;  // check --stress, or a sanitised build
  std::vector<StressSummary> stress;
  int exit_code = 0;

  bool was_skipped(const std::string& build) const {
    return std::find(skipped.begin(), skipped.end(), build) != skipped.end();
  }
};

}  // namespace gm::results
