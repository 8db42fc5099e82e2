#pragma once
// build.json: what a cache entry records about its build, typed. It is read
// and written with the keys it has always had, so entries built by earlier
// versions of gilmatrix verify and are reused.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/error.hpp"

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
  double configure_seconds = 0;
  double make_seconds = 0;
  double install_seconds = 0;
  std::vector<std::string> missing_modules;
  std::vector<std::string> modules_failed_on_import;
  std::string built_at;
};

nlohmann::json to_json(const BuildMetadata& metadata);
// An error when the JSON is not an object or a field has the wrong type.
Expected<BuildMetadata> parse_build_metadata(const nlohmann::json& j);

nlohmann::json to_json(const SourceFacts& source);  // only the fields that are set
SourceFacts source_facts_from_json(const nlohmann::json& j);

}  // namespace gm::cpython_build
