#pragma once
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "cpython_build/build_cache.hpp"
#include "cpython_build/cache_key.hpp"
#include "exec/process.hpp"
#include "util/error.hpp"

namespace gm::cpython_build {

struct BuildRequest {
  BuildRecipe recipe;
  // Puts the source tree under the given directory and returns its root.
  std::function<Expected<std::filesystem::path>(const std::filesystem::path&)> prepare_source;
  SourceFacts source;  // recorded in build.json
  std::string c_compiler = "gcc";
  int jobs = 1;
  bool verbose = false;
  std::optional<std::filesystem::path> configure_caches;  // shared autoconf caches, for git sources only
  // A key whose last build failed in configure, make or install fails again
  // at once, from failed/<key>.json, without building (bisect: a commit that
  // does not compile does not compile the next time either).
  bool reuse_failures = false;
};

struct BuiltInterpreter {
  std::string key;
  bool reused = false;   // found complete in the cache
  std::string repaired;  // the cached entry was damaged (why): it was moved aside and built again
  std::filesystem::path python;
  BuildMetadata metadata;  // build.json
};

struct BuildFailure {
  std::string key;
  std::string step;  // "source", "configure", "make", "make install"
  std::string message;
  std::filesystem::path log;
  std::string log_tail;
  bool full_disk = false;    // the cache's disk was full when it failed
  bool interrupted = false;  // stopped by Ctrl-C or SIGTERM: no failure, no failed-build log kept
  std::string remembered;    // reuse_failures: when the failure given again happened (UTC), not built now
};

// Returns the cached interpreter for the recipe, building it first if needed.
// A build that fails in its own steps is recorded in failed/<key>.json (and
// its log beside it); a later successful build of the key removes the record.
// A per-key file lock makes a concurrent run wait and then reuse this build;
// the install becomes visible only once complete, so a killed build is never
// reused and the next run starts it again cleanly.
tl::expected<BuiltInterpreter, BuildFailure> build_or_reuse(exec::ProcessRunner& runner, const BuildCache& cache,
                                                            const BuildRequest& request);

// A sanitised cached build's ThreadSanitizer suppressions (its source's
// Tools/tsan/suppressions_free_threading.txt, kept at build time), found from
// its interpreter's path; none for other builds.
std::optional<std::filesystem::path> tsan_suppressions_of(const std::filesystem::path& python);

}  // namespace gm::cpython_build
