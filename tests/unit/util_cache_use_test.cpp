#include <catch2/catch.hpp>

#include <filesystem>

#include "util/cache_use.hpp"
#include "util/paths.hpp"

using gm::CacheLayout;
using gm::CacheUse;

TEST_CASE("cache use: an entry held by a run cannot be claimed by prune until the run ends", "[util][cache_use]") {
  gm::TempDir dir("gm-cache-use-test");
  CacheLayout layout(dir.path());
  {
    CacheUse run(layout);
    run.hold("builds", "3.99.0-aaaa");
    run.hold("builds", "3.99.0-aaaa");  // twice is one hold
    run.hold("harness scripts", "0123abcd");
    CacheUse other_run(layout);
    other_run.hold("builds", "3.99.0-aaaa");  // shared: two runs use one build
    CHECK_FALSE(CacheUse::claim_unused(layout, "builds", "3.99.0-aaaa"));
    CHECK_FALSE(CacheUse::claim_unused(layout, "harness scripts", "0123abcd"));
    CHECK(CacheUse::claim_unused(layout, "builds", "3.99.0-bbbb"));  // not used by anyone
    CHECK(CacheUse::claim_unused(layout, "environments", "tiny-1234"));
  }
  CHECK(CacheUse::claim_unused(layout, "builds", "3.99.0-aaaa"));
  CHECK(CacheUse::claim_unused(layout, "harness scripts", "0123abcd"));
}

TEST_CASE("cache layout: a package environment's lock is locks/venv-<key>.lock", "[util][cache_layout]") {
  CacheLayout layout("/cache");
  CHECK(layout.environment_lock("tiny-1234") == std::filesystem::path("/cache/locks/venv-tiny-1234.lock"));
  CHECK(layout.environment_lock("tiny-1234").parent_path() == layout.locks());
}
