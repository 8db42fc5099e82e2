#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cpython_build/cache_key.hpp"
#include "cpython_build/cached_release.hpp"
#include "util/paths.hpp"

namespace fs = std::filesystem;
using namespace gm::cpython_build;

namespace {

// A complete cache entry as build_or_reuse leaves it (build.json and an install with bin/python3).
void add_entry(const BuildCache& cache, const std::string& key, const std::string& version, bool free_threaded,
               std::vector<std::string> configure = {}, const std::string& sha256 = "aa") {
  auto dir = cache.entry_dir(key);
  fs::create_directories(cache.install_prefix(key) / "bin");
  std::ofstream(cache.install_prefix(key) / "bin" / "python3") << "#!/bin/sh\n";
  // The configure line the recipe records: --disable-gil and --disable-test-modules first.
  BuildRecipe recipe;
  recipe.free_threaded = free_threaded;
  recipe.configure = std::move(configure);
  recipe.test_modules = false;  // every version here is 3.10+
  nlohmann::json metadata = {{"key", key},
                             {"recipe_version", kBuildRecipeVersion},
                             {"free_threaded", free_threaded},
                             {"configure", configure_arguments(recipe)},
                             {"source_identity", "sha256:" + sha256},
                             {"source", {{"version", version}, {"sha256", sha256}}}};
  std::ofstream(dir / "build.json") << metadata.dump();
}

}  // namespace

TEST_CASE("cached release: the newest build of the version and variant is found", "[build][cached_release]") {
  gm::TempDir root("gm-cached-release");
  BuildCache cache(root.path());
  add_entry(cache, "3.13.14t-1", "3.13.14", true);
  add_entry(cache, "3.13.15t-2", "3.13.15", true);
  add_entry(cache, "3.13.16-3", "3.13.16", false);
  add_entry(cache, "3.14.0t-4", "3.14.0", true);

  auto found = find_cached_release(cache, {"3.13", true, {}, std::nullopt});
  REQUIRE(found);
  CHECK(found->entry.key == "3.13.15t-2");
  CHECK(found->python == cache.install_prefix("3.13.15t-2") / "bin" / "python3");
  CHECK(find_cached_release(cache, {"3.13", false, {}, std::nullopt})->entry.key == "3.13.16-3");
  CHECK(find_cached_release(cache, {"3.13.14", true, {}, std::nullopt})->entry.key == "3.13.14t-1");
  CHECK_FALSE(find_cached_release(cache, {"3.12", true, {}, std::nullopt}));
}

TEST_CASE("cached release: configure flags and a sha256 pin must match", "[build][cached_release]") {
  gm::TempDir root("gm-cached-release");
  BuildCache cache(root.path());
  add_entry(cache, "3.13.15t-lto", "3.13.15", true, {"--with-lto"}, "bb");
  CHECK_FALSE(find_cached_release(cache, {"3.13", true, {}, std::nullopt}));
  CHECK(find_cached_release(cache, {"3.13", true, {"--with-lto"}, std::nullopt}));
  CHECK(find_cached_release(cache, {"3.13", true, {"--with-lto"}, std::string("bb")}));
  CHECK_FALSE(find_cached_release(cache, {"3.13", true, {"--with-lto"}, std::string("cc")}));
}

TEST_CASE("cached release: git builds and half-built entries are not releases", "[build][cached_release]") {
  gm::TempDir root("gm-cached-release");
  BuildCache cache(root.path());
  add_entry(cache, "git-abct-1", "3.13.15", true);
  {
    auto metadata = nlohmann::json::parse(std::ifstream(cache.entry_dir("git-abct-1") / "build.json"));
    metadata["source_identity"] = "git:abc";
    std::ofstream(cache.entry_dir("git-abct-1") / "build.json") << metadata.dump();
  }
  fs::create_directories(root.path() / "builds" / ".staging-3.13.15t-x-123");
  CHECK_FALSE(find_cached_release(cache, {"3.13", true, {}, std::nullopt}));
}
