#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "cpython_build/cache_prune.hpp"
#include "util/file_lock.hpp"
#include "util/paths.hpp"

namespace fs = std::filesystem;
using gm::cpython_build::CacheEntry;
using gm::cpython_build::PrunedEntry;
using gm::cpython_build::PruneRule;

namespace {

using Days = std::chrono::duration<int, std::ratio<86400>>;

const fs::file_time_type kPruneNow = fs::file_time_type::clock::now();

CacheEntry listed_build(const std::string& key, int days_unused, std::string damage = "") {
  return {key, "/cache/builds/" + key, {}, kPruneNow - Days(days_unused), std::move(damage)};
}

gm::CacheItem listed_item(const std::string& kind, const std::string& name, int days_unused) {
  return {kind, "/cache/x/" + name, 100, kPruneNow - Days(days_unused)};
}

PruneRule rule_older_than(int days) {
  return {std::chrono::duration_cast<gm::Milliseconds>(Days(days)), false, {}, false};
}

// A usable build in the cache, last used `days_unused` ago.
void plant_build(const fs::path& root, const std::string& key, int days_unused) {
  auto dir = root / "builds" / key;
  fs::create_directories(dir / "install" / "bin");
  std::ofstream(dir / "install" / "bin" / "python3") << "#!/bin/sh\n";
  fs::permissions(dir / "install" / "bin" / "python3", fs::perms::owner_all);
  std::ofstream(dir / "build.json") << nlohmann::json{{"key", key}, {"label", "3.99.0"}}.dump();
  fs::last_write_time(dir, fs::file_time_type::clock::now() - Days(days_unused));
}

// A folder entry of another kind (environments, pip caches, ...) holding `bytes`.
fs::path plant_other(const fs::path& dir, std::size_t bytes, int days_unused) {
  fs::create_directories(dir);
  std::ofstream(dir / "data") << std::string(bytes, 'x');
  fs::last_write_time(dir, fs::file_time_type::clock::now() - Days(days_unused));
  return dir;
}

}  // namespace

TEST_CASE("cache prune: by default a build goes when unused for longer than --older-than, or damaged",
          "[build][cache_prune]") {
  auto rule = rule_older_than(30);
  CHECK(prune_selects(rule, listed_build("old", 40), kPruneNow));
  CHECK_FALSE(prune_selects(rule, listed_build("recent", 2), kPruneNow));
  CHECK(prune_selects(rule, listed_build("broken", 2, "build.json is missing"), kPruneNow));
  CHECK(prune_selects(rule, listed_item("environments", "old-env", 40), kPruneNow));
  CHECK_FALSE(prune_selects(rule, listed_item("pip caches", "recent", 2), kPruneNow));
  CHECK(prune_selects(rule_older_than(1), listed_build("recent", 2), kPruneNow));
}

TEST_CASE("cache prune: --all selects every entry, --key the named builds and damaged ones only",
          "[build][cache_prune]") {
  auto all = rule_older_than(30);
  all.all = true;
  CHECK(prune_selects(all, listed_build("recent", 0), kPruneNow));
  CHECK(prune_selects(all, listed_item("downloads", "Python.tar.xz", 0), kPruneNow));

  auto named = rule_older_than(30);
  named.keys = {"wanted"};
  CHECK(named.names_builds());
  CHECK(prune_selects(named, listed_build("wanted", 0), kPruneNow));
  CHECK_FALSE(prune_selects(named, listed_build("old-but-unnamed", 400), kPruneNow));
  CHECK(prune_selects(named, listed_build("broken", 0, "damaged"), kPruneNow));
  CHECK_FALSE(prune_selects(named, listed_item("environments", "old-env", 400), kPruneNow));
}

TEST_CASE("cache prune: a dry run removes nothing and says what would go, a prune removes it", "[build][cache_prune]") {
  gm::TempDir dir("gm-prune-test");
  gm::cpython_build::BuildCache cache(dir.path());
  plant_build(dir.path(), "3.99.0-old", 40);
  plant_build(dir.path(), "3.99.0-new", 1);
  auto old_env = plant_other(cache.layout().environments() / "old-env", 3000, 40);
  auto new_env = plant_other(cache.layout().environments() / "new-env", 10, 1);
  auto staging = plant_other(cache.layout().builds() / ".staging-3.99.0-gone-123", 500, 0);
  fs::create_directories(cache.layout().locks());  // as any build makes it

  auto rule = rule_older_than(30);
  rule.dry_run = true;
  std::vector<std::string> heard;
  auto dry = prune_cache(cache, rule, [&](const PrunedEntry& e) { heard.push_back(e.name); });
  CHECK(heard == std::vector<std::string>{"3.99.0-old", staging.string(), old_env.string()});
  CHECK(dry.builds_removed() == 1);
  CHECK(dry.others_removed() == 1);
  CHECK(dry.freed_bytes() >= 3500);
  CHECK(fs::exists(cache.entry_dir("3.99.0-old")));
  CHECK(fs::exists(old_env));
  CHECK(fs::exists(staging));

  rule.dry_run = false;
  auto done = prune_cache(cache, rule);
  CHECK(done.entries.size() == 3);
  CHECK(done.freed_bytes() == dry.freed_bytes());
  CHECK_FALSE(fs::exists(cache.entry_dir("3.99.0-old")));
  CHECK_FALSE(fs::exists(old_env));
  CHECK_FALSE(fs::exists(staging));
  CHECK(fs::exists(cache.entry_dir("3.99.0-new")));
  CHECK(fs::exists(new_env));
}

TEST_CASE("cache prune: what a running gilmatrix holds is skipped, and its build's leftovers not touched",
          "[build][cache_prune]") {
  gm::TempDir dir("gm-prune-test");
  gm::cpython_build::BuildCache cache(dir.path());
  plant_build(dir.path(), "3.99.0-busy", 40);
  auto held_env = plant_other(cache.layout().environments() / "held-env", 10, 40);
  auto staging = plant_other(cache.layout().builds() / ".staging-3.99.0-busy-123", 10, 0);
  fs::create_directories(cache.layout().locks());
  gm::FileLock build_lock(cache.lock_file("3.99.0-busy"));
  REQUIRE(build_lock.try_lock());
  gm::FileLock environment_lock(cache.layout().environment_lock("held-env"));
  REQUIRE(environment_lock.try_lock());

  auto result = prune_cache(cache, rule_older_than(30));
  REQUIRE(result.entries.size() == 2);
  CHECK(result.entries[0].type == PrunedEntry::Type::build);
  CHECK(result.entries[0].skipped);
  CHECK(result.entries[1].type == PrunedEntry::Type::other);
  CHECK(result.entries[1].skipped);
  CHECK(result.builds_removed() == 0);
  CHECK(result.others_removed() == 0);
  CHECK(result.freed_bytes() == 0);
  CHECK(fs::exists(cache.entry_dir("3.99.0-busy")));
  CHECK(fs::exists(held_env));
  CHECK(fs::exists(staging));
}
