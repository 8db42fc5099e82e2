#pragma once
// The facts about a build's source and compilation that a results file keeps
// (the "details" object of a build in results.json). A field that is empty
// (or unset) is left out of the JSON, as it always was.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cpython_build/build_metadata.hpp"
#include "util/json_record.hpp"

namespace gm::results {

using cpython_build::BuildSeconds;

struct BuildDetails {
  // The source.
  std::string version;       // a release's version ("3.13.15")
  std::string tarball;       // the release tarball built
  std::string tarball_from;  // where it came from (a mirror, python.org, an earlier download)
  std::string sha256;        // the tarball's
  std::string git_url;
  std::string git_ref;
  std::string commit;                    // what the git ref resolved to
  std::optional<bool> source_rechecked;  // false: not fetched (--offline) or a cached build used as is
  std::string source_problem;            // why no source could be had (a fallback or cached build was used)
  // The build.
  std::string cache_key;
  std::optional<bool> reused_from_cache;
  std::string cache_repair;  // the cached entry was damaged and built again: what was wrong
  std::vector<std::string> configure;
  std::vector<std::string> missing_modules;  // optional modules CPython could not build
  std::optional<BuildSeconds> build_seconds;
  std::string built_at;
  std::string log;
  std::string log_tail;     // a failed build's last lines
  std::string failed_step;  // "source", "configure", "make", "make install"

  bool operator==(const BuildDetails&) const = default;
  // Configured --with-thread-sanitizer (a sanitised build, "3.14t-tsan").
  bool thread_sanitized() const;
};

// Unknown keys are ignored; a key of the wrong type is an error.
GM_JSON_SPARSE_RECORD(BuildDetails, version, tarball, tarball_from, sha256, git_url, git_ref, commit, source_rechecked,
                      source_problem, cache_key, reused_from_cache, cache_repair, configure, missing_modules,
                      build_seconds, built_at, log, log_tail, failed_step)

}  // namespace gm::results
