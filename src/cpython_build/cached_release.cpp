#include "cpython_build/cached_release.hpp"

#include "cpython_build/cache_key.hpp"

namespace gm::cpython_build {
namespace fs = std::filesystem;

namespace {

bool same_recipe(const BuildMetadata& metadata, const sources::CpythonVersion& version,
                 const CachedReleaseQuery& query) {
  if (metadata.recipe_version != kBuildRecipeVersion) return false;
  if (metadata.free_threaded != query.free_threaded) return false;
  // What this recipe would have run for that version: --disable-gil and
  // --disable-test-modules come from the recipe, the rest from the matrix.
  BuildRecipe recipe;
  recipe.free_threaded = query.free_threaded;
  recipe.configure = query.configure;
  recipe.thread_sanitizer = query.thread_sanitizer;
  recipe.test_modules = release_builds_test_modules(version.major, version.minor);
  if (metadata.configure != configure_arguments(recipe)) return false;
  if (!query.sha256) return true;
  return metadata.source.sha256 == *query.sha256;
}

}  // namespace

std::optional<CachedRelease> find_cached_release(const BuildCache& cache, const CachedReleaseQuery& query) {
  std::optional<CachedRelease> best;
  for (auto& entry : cache.list()) {
    const auto& metadata = entry.metadata;
    if (!metadata.source_identity.starts_with("sha256:")) continue;  // git builds are not releases
    auto version = sources::CpythonVersion::parse(metadata.source.version);
    if (!version || !sources::resolve_version(query.version, {*version})) continue;
    if (!same_recipe(metadata, *version, query)) continue;
    auto python = cache.install_prefix(entry.key) / "bin" / "python3";
    if (!fs::exists(python)) continue;
    bool better =
        !best || best->version < *version || (best->version == *version && best->entry.last_used < entry.last_used);
    if (better) best = CachedRelease{std::move(entry), *version, python};
  }
  return best;
}

}  // namespace gm::cpython_build
