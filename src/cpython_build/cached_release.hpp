#pragma once
// Builds of CPython releases already in the cache, found by what they are
// (version, variant, configure flags) rather than by key: when no source can be
// had (offline, python.org down) the key cannot be computed, but a build made
// earlier from the same recipe is still the interpreter that was asked for.
#include <optional>
#include <string>
#include <vector>

#include "cpython_build/build_cache.hpp"
#include "sources/cpython_version.hpp"

namespace gm::cpython_build {

struct CachedReleaseQuery {
  std::string version;  // "3.13" (newest 3.13.x cached) or "3.13.15"
  bool free_threaded = false;
  std::vector<std::string> configure;  // the extra flags, --disable-gil excluded
  std::optional<std::string> sha256;   // a pinned tarball: only a build of that tarball
  bool thread_sanitizer = false;
};

struct CachedRelease {
  CacheEntry entry;
  sources::CpythonVersion version;
  std::filesystem::path python;
};

// The newest complete cached build matching the query, built by this recipe version.
std::optional<CachedRelease> find_cached_release(const BuildCache& cache, const CachedReleaseQuery& query);

}  // namespace gm::cpython_build
