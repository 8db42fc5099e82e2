#include <catch2/catch.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "util/disk_space.hpp"
#include "util/paths.hpp"

TEST_CASE("disk_space: a path that does not exist yet is measured at its nearest parent", "[util][disk_space]") {
  gm::TempDir dir("gm-disk-test");
  auto space = gm::disk_space(dir.path() / "not" / "yet" / "there");
  REQUIRE(space);
  CHECK(space->available > 0);
  // The mount point is a parent of the directory (or the directory itself).
  auto mount = space->mount_point.string();
  CHECK(std::filesystem::absolute(dir.path()).string().starts_with(mount));
}

TEST_CASE("disk_full: a threshold above the free space says full and where", "[util][disk_space]") {
  gm::TempDir dir("gm-disk-test");
  auto space = gm::disk_space(dir.path());
  REQUIRE(space);
  CHECK_FALSE(gm::disk_full(dir.path(), 0));
  auto full = gm::disk_full(dir.path(), space->available + (1ULL << 40));
  REQUIRE(full);
  CHECK_THAT(*full, Catch::StartsWith("the disk holding " + space->mount_point.string() + " is full ("));
}

TEST_CASE("mentions_no_space recognises ENOSPC and EDQUOT messages", "[util][disk_space]") {
  CHECK(gm::mentions_no_space(std::string("OSError: [Errno 28] ") + std::strerror(ENOSPC)));
  CHECK(gm::mentions_no_space(std::strerror(EDQUOT)));
  CHECK_FALSE(gm::mentions_no_space("Permission denied"));
}
