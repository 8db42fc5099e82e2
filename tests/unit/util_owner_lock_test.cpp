#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <string>

#include "util/owner_lock.hpp"
#include "util/paths.hpp"

TEST_CASE("OwnerLock: a held lock refuses a second taker and names the holder", "[util][owner_lock]") {
  gm::TempDir dir("gm-owner-lock-test");
  auto path = dir.path() / "out" / ".lock";
  auto first = gm::OwnerLock::try_take(path, "gilmatrix run m.toml --out out");
  REQUIRE(first);
  auto second = gm::OwnerLock::try_take(path, "gilmatrix run other.toml --out out");
  REQUIRE_FALSE(second);
  CHECK_THAT(second.error(), Catch::StartsWith("pid " + std::to_string(::getpid()) + " since "));
  CHECK_THAT(second.error(), Catch::EndsWith(": gilmatrix run m.toml --out out"));
}

TEST_CASE("OwnerLock: releasing removes the file and frees the lock", "[util][owner_lock]") {
  gm::TempDir dir("gm-owner-lock-test");
  auto path = dir.path() / ".lock";
  {
    auto lock = gm::OwnerLock::try_take(path, "first");
    REQUIRE(lock);
    CHECK(std::filesystem::exists(path));
  }
  CHECK_FALSE(std::filesystem::exists(path));
  auto again = gm::OwnerLock::try_take(path, "second");
  REQUIRE(again);
  CHECK_THAT(gm::read_text_file(path).value_or(""), Catch::Contains(": second"));
}

TEST_CASE("OwnerLock: a stale file left by a killed holder does not block", "[util][owner_lock]") {
  gm::TempDir dir("gm-owner-lock-test");
  auto path = dir.path() / ".lock";
  gm::write_file_atomically(path, "pid 999999 since 2020-01-01T00:00:00Z: gilmatrix run killed.toml\n");
  auto lock = gm::OwnerLock::try_take(path, "new run");
  REQUIRE(lock);
  CHECK_THAT(gm::read_text_file(path).value_or(""), Catch::Contains(": new run") && !Catch::Contains("killed"));
}
