#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "cpython_build/cache_listing.hpp"
#include "util/paths.hpp"

namespace fs = std::filesystem;

TEST_CASE("cache listing: builds with their sizes, damaged ones counted, leftovers and other entries measured",
          "[build][cache_listing]") {
  gm::TempDir dir("gm-listing-test");
  gm::cpython_build::BuildCache cache(dir.path());
  fs::create_directories(cache.entry_dir("3.99.0-bad"));
  std::ofstream(cache.entry_dir("3.99.0-bad") / "build.log") << std::string(2000, 'x');
  fs::create_directories(cache.layout().build_work() / "3.99.0-bad-42");
  std::ofstream(cache.layout().build_work() / "3.99.0-bad-42" / "obj.o") << std::string(700, 'x');
  fs::create_directories(cache.layout().downloads());
  std::ofstream(cache.layout().downloads() / "Python-3.99.0.tar.xz") << "tarball";

  auto listing = list_cache(cache);
  CHECK(listing.builds_dir == cache.layout().builds());
  REQUIRE(listing.builds.size() == 1);
  CHECK(listing.builds[0].entry.key == "3.99.0-bad");
  CHECK(listing.builds[0].size_bytes == 2000);
  CHECK(listing.damaged() == 1);
  REQUIRE(listing.leftovers.size() == 1);
  CHECK(listing.leftover_bytes == 700);
  CHECK(listing.other_kinds.size() == cache.layout().other_kinds().size());
  REQUIRE(listing.others.size() == 1);
  CHECK(listing.others[0].kind == "downloads");
}
