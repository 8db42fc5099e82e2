#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "util/error.hpp"
#include "util/file_lock.hpp"
#include "util/paths.hpp"

namespace {

enum ChildVerdict { kBlocked = 10, kAcquired = 11, kError = 12 };

// Forks a child that tries to take the lock without blocking and reports what
// happened through its exit code. Uses only async-signal-safe calls after fork.
int child_lock_attempt(const std::filesystem::path& path) {
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int fd = ::open(path.c_str(), O_RDWR);
    if (fd < 0) ::_exit(kError);
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) ::_exit(kAcquired);
    ::_exit(errno == EWOULDBLOCK ? kBlocked : kError);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  return WEXITSTATUS(status);
}

}  // namespace

TEST_CASE("FileLock creates its file and parent directories", "[util][file_lock]") {
  gm::TempDir dir("gm-lock-test");
  auto path = dir.path() / "nested" / "dir" / "cache.lock";
  gm::FileLock lock(path);
  CHECK(std::filesystem::exists(path));
}

TEST_CASE("FileLock held here keeps another process out", "[util][file_lock]") {
  gm::TempDir dir("gm-lock-test");
  auto path = dir.path() / "cache.lock";
  {
    gm::FileLock lock(path);
    REQUIRE(lock.try_lock());
    CHECK(child_lock_attempt(path) == kBlocked);
  }
  // Destroying the FileLock releases it.
  CHECK(child_lock_attempt(path) == kAcquired);
}

TEST_CASE("FileLock that was never taken does not keep others out", "[util][file_lock]") {
  gm::TempDir dir("gm-lock-test");
  auto path = dir.path() / "cache.lock";
  gm::FileLock lock(path);
  CHECK(child_lock_attempt(path) == kAcquired);
}

TEST_CASE("A second FileLock on the same path cannot take a held lock", "[util][file_lock]") {
  gm::TempDir dir("gm-lock-test");
  auto path = dir.path() / "cache.lock";
  gm::FileLock first(path);
  REQUIRE(first.try_lock());
  gm::FileLock second(path);
  CHECK_FALSE(second.try_lock());
}

TEST_CASE("FileLock with on_wait does not call it when the lock is free", "[util][file_lock]") {
  gm::TempDir dir("gm-lock-test");
  int waits = 0;
  gm::FileLock lock(dir.path() / "cache.lock", [&] { ++waits; });
  CHECK(waits == 0);
  CHECK(child_lock_attempt(dir.path() / "cache.lock") == kBlocked);
}

TEST_CASE("FileLock never follows a symbolic link, and leaves its target alone", "[util][file_lock]") {
  gm::TempDir dir("gm-lock-test");
  auto target = dir.path() / "secret";
  { std::ofstream(target) << "keep me\n"; }
  std::filesystem::permissions(target, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto path = dir.path() / "measuring.lock";
  std::filesystem::create_symlink(target, path);
  for (auto place : {gm::FileLock::Place::own_directory, gm::FileLock::Place::shared_directory})
    CHECK_THROWS_WITH(gm::FileLock(path, place), Catch::Contains("is a symbolic link; gilmatrix never follows one"));
  CHECK(gm::read_text_file(target).value_or("") == "keep me\n");
  CHECK(std::filesystem::status(target).permissions() ==
        (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
}

TEST_CASE("FileLock in a shared directory refuses what is not a lone regular file", "[util][file_lock]") {
  gm::TempDir dir("gm-lock-test");
  auto fifo = dir.path() / "fifo.lock";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_THROWS_WITH(gm::FileLock(fifo), Catch::Contains("is not a regular file"));

  auto other = dir.path() / "other-file";
  { std::ofstream(other) << "someone's data\n"; }
  auto linked = dir.path() / "linked.lock";
  std::filesystem::create_hard_link(other, linked);
  CHECK_THROWS_WITH(gm::FileLock(linked, gm::FileLock::Place::shared_directory), Catch::Contains("has 2 hard links"));
  CHECK(gm::read_text_file(other).value_or("") == "someone's data\n");
}

TEST_CASE("FileLock in a shared directory is made writable for every user", "[util][file_lock]") {
  gm::TempDir dir("gm-lock-test");
  auto path = dir.path() / "measuring.lock";
  gm::FileLock lock(path, gm::FileLock::Place::shared_directory);
  CHECK((std::filesystem::status(path).permissions() & std::filesystem::perms::all) ==
        (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write | std::filesystem::perms::group_read |
         std::filesystem::perms::group_write | std::filesystem::perms::others_read |
         std::filesystem::perms::others_write));
}

TEST_CASE("FileLock in a shared directory refuses a file of another user", "[util][file_lock]") {
  if (::geteuid() != 0) {
    WARN("not root: cannot give a file to another user");
    return;
  }
  gm::TempDir dir("gm-lock-test");
  auto path = dir.path() / "measuring.lock";
  { std::ofstream(path) << "planted\n"; }
  REQUIRE(::chown(path.c_str(), 65534, 65534) == 0);
  CHECK_THROWS_WITH(gm::FileLock(path, gm::FileLock::Place::shared_directory),
                    Catch::Contains("(uid 65534), not to you or root"));
  CHECK(gm::read_text_file(path).value_or("") == "planted\n");
  CHECK_NOTHROW(gm::FileLock(path));  // in a directory of the user's own, the owner is no matter
}
