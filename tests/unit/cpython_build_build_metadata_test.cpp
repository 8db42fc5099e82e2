#include <catch2/catch.hpp>

#include "cpython_build/build_metadata.hpp"

using namespace gm::cpython_build;

TEST_CASE("build metadata: a build.json as earlier versions wrote it reads and writes back the same",
          "[build][metadata]") {
  auto j = nlohmann::json::parse(R"({"built_at": "2026-11-24T00:05:00Z", "ccache": false,
      "compiler": "gcc 12.2.0", "configure": ["--disable-gil", "--disable-test-modules"], "free_threaded": true,
      "jobs": 2, "key": "3.13.15t-3cef7ba1f6ac67c4", "label": "3.13.15t", "missing_modules": ["_tkinter"],
      "modules_failed_on_import": [], "recipe_version": 1,
      "seconds": {"configure": 24.3, "install": 13.8, "make": 181.0},
      "source": {"sha256": "1e66", "tarball": "/m/cpython/Python-3.13.15.tar.xz", "tarball_from": "mirror /m",
                 "version": "3.13.15"},
      "source_identity": "sha256:1e66"})");
  auto metadata = parse_build_metadata(j);
  REQUIRE(metadata);
  CHECK(metadata->key == "3.13.15t-3cef7ba1f6ac67c4");
  CHECK(metadata->source.version == "3.13.15");
  CHECK(metadata->seconds.make == Approx(181.0));
  CHECK(nlohmann::json(*metadata) == j);
}

TEST_CASE("build metadata: a field of the wrong type is refused, saying so", "[build][metadata]") {
  auto metadata = parse_build_metadata(nlohmann::json::parse(R"({"key": "k", "configure": "--disable-gil"})"));
  REQUIRE_FALSE(metadata);
  CHECK_THAT(metadata.error(), Catch::StartsWith("build.json has a field of the wrong type"));
  CHECK_FALSE(parse_build_metadata(nlohmann::json::array()));
}
