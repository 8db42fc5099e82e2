#pragma once
// build.json: what a cache entry records about its build, typed. It is read
// and written with the keys it has always had, so entries built by earlier
// versions of gilmatrix verify and are reused.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/error.hpp"
#include "util/json_record.hpp"

namespace gm::cpython_build {

// Where the source came from (the "source" object).
struct SourceFacts {
  std::string version;  // a release's
  std::string tarball;
  std::string tarball_from;
  std::string sha256;
  std::string git_url;
  std::string git_ref;
  std::string commit;
  bool operator==(const SourceFacts&) const = default;
};
GM_JSON_SPARSE_RECORD(SourceFacts, version, tarball, tarball_from, sha256, git_url, git_ref, commit)

// Seconds each step of a build took (results/build_details.hpp records them too).
struct BuildSeconds {
  double configure = 0;
  double make = 0;
  double install = 0;
  bool operator==(const BuildSeconds&) const = default;
};
GM_JSON_RECORD(BuildSeconds, configure, make, install)

struct BuildMetadata {
  std::string key;
  std::string label;
  int recipe_version = 0;
  SourceFacts source;
  std::string source_identity;  // "sha256:<tarball>" or "git:<commit>"
  bool free_threaded = false;
  std::vector<std::string> configure;  // the whole configure line the recipe ran
  std::string compiler;
  bool ccache = false;
  int jobs = 0;
  BuildSeconds seconds;
  std::vector<std::string> missing_modules;
  std::vector<std::string> modules_failed_on_import;
  std::string built_at;
};
GM_JSON_RECORD(BuildMetadata, key, label, recipe_version, source, source_identity, free_threaded, configure, compiler,
               ccache, jobs, seconds, missing_modules, modules_failed_on_import, built_at)

// An error when the JSON is not an object or a field has the wrong type.
Expected<BuildMetadata> parse_build_metadata(const nlohmann::json& j);

}  // namespace gm::cpython_build
