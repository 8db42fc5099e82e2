#include "pipeline/measuring_lock.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "exec/interrupt.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"
#include "util/terminal.hpp"

namespace gm::pipeline {

namespace {

constexpr const char* kSharedDirectory = "/run/gilmatrix";
constexpr const char* kSharedLock = "/run/gilmatrix/measuring.lock";

// /run/gilmatrix as root makes it: a directory of root's, readable by all, in
// which no other user can create or replace anything.
bool make_shared_directory() {
  if (::mkdir(kSharedDirectory, 0755) != 0 && errno != EEXIST) return false;
  struct stat directory {};
  if (::lstat(kSharedDirectory, &directory) != 0 || !S_ISDIR(directory.st_mode) || directory.st_uid != 0) return false;
  if ((directory.st_mode & 07777) != 0755) ::chmod(kSharedDirectory, 0755);  // against a umask of 077
  return true;
}

bool is_root_owned_file(const char* path) {
  struct stat file {};
  return ::lstat(path, &file) == 0 && S_ISREG(file.st_mode) && file.st_uid == 0;
}

}  // namespace

std::string measuring_lock_path() {
  if (auto chosen = getenv_string("GILMATRIX_MEASURING_LOCK"); chosen && !chosen->empty()) return *chosen;
  if (::geteuid() == 0 ? make_shared_directory() : is_root_owned_file(kSharedLock)) return kSharedLock;
  std::error_code ec;
  if (auto runtime = getenv_string("XDG_RUNTIME_DIR"); runtime && !runtime->empty() && fs::is_directory(*runtime, ec))
    return (fs::path(*runtime) / "gilmatrix-measuring.lock").string();
  return fmt::format("/tmp/gilmatrix-measuring-{}.lock", ::geteuid());
}

std::unique_ptr<FileLock> acquire_measuring_lock(bool wait, const std::string& holder_description) {
  auto path = measuring_lock_path();
  std::unique_ptr<FileLock> lock;
  try {
    lock = std::make_unique<FileLock>(path, FileLock::Place::shared_directory);
  } catch (const InfraError& e) {
    throw InfraError(
        fmt::format("measuring lock: {} (no run needs it while none is measuring), or set "
                    "GILMATRIX_MEASURING_LOCK to a file in a directory only you can write",
                    e.what()));
  }
  if (!lock->try_lock()) {
    auto holder = lock->holder();
    if (holder.empty()) holder = "another gilmatrix run";
    if (!wait)
      throw InfraError(
          fmt::format("{} is measuring on this machine ({}); two runs measuring at once disturb each "
                      "other. Wait for it, or run without --no-wait to queue behind it",
                      holder, path));
    Terminal::instance().line(fmt::format("waiting: {} is measuring on this machine (lock {})", holder, path));
    while (!lock->try_lock()) {
      if (exec::interrupted()) return nullptr;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
  }
  lock->describe_holder(holder_description);
  return lock;
}

}  // namespace gm::pipeline
