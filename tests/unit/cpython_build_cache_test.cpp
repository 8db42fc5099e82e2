#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "cpython_build/build_cache.hpp"
#include "util/paths.hpp"

namespace fs = std::filesystem;
using gm::cpython_build::BuildCache;

namespace {

// A complete entry as build_or_reuse publishes it.
void make_entry(const BuildCache& cache, const std::string& key) {
  auto dir = cache.entry_dir(key);
  fs::create_directories(dir / "install" / "bin");
  std::ofstream(dir / "install" / "bin" / "python3") << "#!/bin/sh\n";
  fs::permissions(dir / "install" / "bin" / "python3", fs::perms::owner_all);
  std::ofstream(dir / "build.json") << nlohmann::json{{"key", key}, {"label", "3.99.0"}}.dump();
}

}  // namespace

TEST_CASE("build cache: a complete entry verifies and is found", "[build][cache]") {
  gm::TempDir dir("gm-cache-test");
  BuildCache cache(dir.path());
  make_entry(cache, "3.99.0-aaaa");
  CHECK_FALSE(cache.verify("3.99.0-aaaa"));
  CHECK(cache.find("3.99.0-aaaa"));
  CHECK_FALSE(cache.verify("3.99.0-none"));  // nothing there is not damage
}

TEST_CASE("build cache: each kind of damage is named, not found, and listed", "[build][cache]") {
  gm::TempDir dir("gm-cache-test");
  BuildCache cache(dir.path());
  const std::string key = "3.99.0-aaaa";
  auto damage_with = [&](auto&& damage) {
    fs::remove_all(cache.entry_dir(key));
    make_entry(cache, key);
    damage(cache.entry_dir(key));
    CHECK_FALSE(cache.find(key));
    auto listed = cache.list();
    REQUIRE(listed.size() == 1);
    CHECK_FALSE(listed[0].usable());
    return cache.verify(key).value_or("");
  };
  CHECK(damage_with([](const fs::path& d) { fs::remove(d / "build.json"); }) == "build.json is missing");
  CHECK(damage_with([](const fs::path& d) { std::ofstream(d / "build.json") << "{\"key\": "; }) ==
        "build.json is not valid JSON");
  CHECK(damage_with([](const fs::path& d) { std::ofstream(d / "build.json") << "{\"key\": \"other\"}"; }) ==
        "build.json belongs to another key");
  CHECK(damage_with([](const fs::path& d) { fs::remove(d / "install" / "bin" / "python3"); }) ==
        "install/bin/python3 is missing or not executable");
}

TEST_CASE("build cache: a damaged entry is set aside so its key is free again", "[build][cache]") {
  gm::TempDir dir("gm-cache-test");
  BuildCache cache(dir.path());
  make_entry(cache, "k-1");
  make_entry(cache, "k-2");
  fs::remove(cache.entry_dir("k-1") / "build.json");
  CHECK(cache.set_aside_if_damaged("k-1") == std::optional<std::string>("build.json is missing"));
  CHECK_FALSE(fs::exists(cache.entry_dir("k-1")));
  CHECK_FALSE(cache.set_aside_if_damaged("k-2"));  // a usable entry stays
  CHECK(fs::exists(cache.entry_dir("k-2")));
  CHECK(cache.leftovers().empty());
}

TEST_CASE("build cache: leftovers of killed builds are listed with their key", "[build][cache]") {
  gm::TempDir dir("gm-cache-test");
  BuildCache cache(dir.path());
  fs::create_directories(dir.path() / "builds" / ".staging-3.99.0-aaaa-123");
  fs::create_directories(dir.path() / "work" / "3.99.0-aaaa-123");
  fs::create_directories(dir.path() / "builds" / ".damaged-3.99.0-bbbb-7");
  auto leftovers = cache.leftovers();
  REQUIRE(leftovers.size() == 3);
  std::vector<std::string> keys;
  for (const auto& l : leftovers) keys.push_back(l.key);
  std::sort(keys.begin(), keys.end());
  CHECK(keys == std::vector<std::string>{"3.99.0-aaaa", "3.99.0-aaaa", "3.99.0-bbbb"});
  cache.clean_leftovers("3.99.0-aaaa");
  REQUIRE(cache.leftovers().size() == 1);
  CHECK(cache.leftovers()[0].key == "3.99.0-bbbb");
}

TEST_CASE("build cache: an entry marked damaged (its interpreter does not run) is not found and says why",
          "[build][cache]") {
  gm::TempDir dir("gm-cache-test");
  BuildCache cache(dir.path());
  make_entry(cache, "3.99.0-aaaa");
  cache.mark_damaged("3.99.0-aaaa", "its interpreter does not run: No module named 'encodings'");
  CHECK_FALSE(cache.find("3.99.0-aaaa"));
  CHECK(cache.verify("3.99.0-aaaa").value_or("") == "its interpreter does not run: No module named 'encodings'");
  CHECK(cache.set_aside_if_damaged("3.99.0-aaaa"));
  CHECK_FALSE(fs::exists(cache.entry_dir("3.99.0-aaaa")));
}
