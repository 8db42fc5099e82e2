#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "config/matrix.hpp"
#include "exec/process.hpp"
#include "results/model.hpp"
#include "sources/downloader.hpp"
#include "sources/interpreter_discovery.hpp"
#include "util/cache_use.hpp"

namespace gm::pipeline {

// What every command that needs interpreters shares: where the cache is,
// which mirrors to use, how to start processes and download.
struct Workspace {
  exec::ProcessRunner& runner;
  sources::Downloader& downloader;
  std::filesystem::path cache_root;
  std::filesystem::path scripts_dir;  // materialized harness scripts
  std::vector<std::filesystem::path> mirrors;
  sources::InterpreterLocations locations;
  bool verbose = false;
  int build_jobs = 1;
  std::optional<std::string> compiler_identity;  // detected once, on first build
  bool offline = false;  // --offline: sources only from mirrors and the cache, pip never reaches an index
  // A folder of autoconf caches (`./configure -C`) that this command's git
  // builds share, one per configure script, arguments and compiler; none:
  // every configure starts afresh. `bisect` sets one for its own run only, so
  // a cached answer never outlives the packages installed when it was found.
  std::optional<std::filesystem::path> configure_caches;
  // A build that failed in configure, make or install before fails again at
  // once (failed/<key>.json) instead of being built: `bisect` sets it.
  bool reuse_build_failures = false;
  // The cache entries this command uses, held until it ends (`cache prune` skips them).
  std::shared_ptr<CacheUse> in_use = std::make_shared<CacheUse>(CacheLayout(cache_root));
};

struct PreparedBuild {
  results::BuildRecord record;
  std::filesystem::path python;     // valid when record.ok()
  bool built_now = false;           // compiled by this run (not found in the cache)
  bool failure_remembered = false;  // build_failed, given again from an earlier build (reuse_build_failures)
};

// Finds or builds each interpreter of the matrix and probes it, several builds
// at a time. A build that cannot be had is returned with its status and
// reason; the others go on.
std::vector<PreparedBuild> prepare_builds(const config::Matrix& matrix, Workspace& workspace);
// The same without the summary lines (the caller reports the builds its own way).
std::vector<PreparedBuild> prepare_builds(const std::vector<config::BuildSpec>& specs, Workspace& workspace);

// How many builds are obtained at once on `cores` cores: two fill the cores
// one build's single-threaded steps leave idle; more only on bigger machines.
std::size_t concurrent_builds(std::size_t builds, int cores);

// One build on its own (used by prepare_builds, `plan` and `check`).
PreparedBuild prepare_build(const config::BuildSpec& spec, Workspace& workspace);

}  // namespace gm::pipeline
