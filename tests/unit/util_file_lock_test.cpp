#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

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
