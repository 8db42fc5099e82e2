#include <catch2/catch.hpp>

#include "results/build_details.hpp"

using namespace gm::results;

TEST_CASE("build details: the JSON of results files written before the typed record is read", "[results][build]") {
  // As run_matrix wrote it for 3.13t in reports/example.
  auto j = nlohmann::json::parse(R"({"build_seconds": {"configure": 24.4, "install": 13.8, "make": 181.0},
      "cache_key": "3.13.15t-3cef7ba1f6ac67c4", "configure": ["--disable-gil", "--disable-test-modules"],
      "log": "/c/builds/3.13.15t-3cef7ba1f6ac67c4/build.log", "missing_modules": ["_tkinter"],
      "reused_from_cache": true, "sha256": "1e66", "tarball": "/m/Python-3.13.15.tar.xz",
      "tarball_from": "mirror /m", "version": "3.13.15", "something_newer": 1})");
  auto d = j.get<BuildDetails>();
  CHECK(d.cache_key == "3.13.15t-3cef7ba1f6ac67c4");
  CHECK(d.configure == std::vector<std::string>{"--disable-gil", "--disable-test-modules"});
  CHECK(d.reused_from_cache == true);
  REQUIRE(d.build_seconds);
  CHECK(d.build_seconds->make == Approx(181.0));
  CHECK_FALSE(d.source_rechecked);
  j.erase("something_newer");
  CHECK(nlohmann::json(d) == j);
}

TEST_CASE("build details: empty fields stay out of the JSON; a wrong type is an error", "[results][build]") {
  BuildDetails d;
  d.git_ref = "main";
  d.source_rechecked = false;
  CHECK(nlohmann::json(d) == nlohmann::json::parse(R"({"git_ref": "main", "source_rechecked": false})"));
  CHECK(nlohmann::json(d).get<BuildDetails>() == d);
  CHECK_THROWS(nlohmann::json::parse(R"({"configure": "--disable-gil"})").get<BuildDetails>());
}
