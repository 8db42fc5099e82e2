#include "util/file_lock.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "util/error.hpp"

namespace gm {

namespace {

std::string user_name(uid_t uid) {
  struct passwd entry {};
  struct passwd* found = nullptr;
  char buffer[1024];
  if (::getpwuid_r(uid, &entry, buffer, sizeof buffer, &found) == 0 && found != nullptr)
    return fmt::format("{} (uid {})", found->pw_name, uid);
  return fmt::format("uid {}", uid);
}

// O_NOFOLLOW: a symbolic link at the path is never followed, so a planted
// link cannot make us truncate, chmod or write the file it points at.
int open_lock_file(const std::filesystem::path& path) {
  constexpr int flags = O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | flags, 0644);
  // Someone else's lock that we may take but not write (a root-owned 0644 one).
  if (fd < 0 && errno == EACCES) fd = ::open(path.c_str(), O_RDONLY | flags);
  if (fd >= 0) return fd;
  int error = errno;
  struct stat named {};
  if (error == ELOOP || (::lstat(path.c_str(), &named) == 0 && S_ISLNK(named.st_mode)))
    throw InfraError(
        fmt::format("lock file {} is a symbolic link; gilmatrix never follows one there (it may have "
                    "been planted to make gilmatrix overwrite the file it points at): remove the link",
                    path.string()));
  throw InfraError(fmt::format("cannot open lock file {}: {}", path.string(), std::strerror(error)));
}

// What makes a lock file unusable, or "".
std::string refusal(const struct stat& file, FileLock::Place place) {
  if (!S_ISREG(file.st_mode)) return "is not a regular file";
  if (place == FileLock::Place::own_directory) return "";
  if (file.st_uid != ::geteuid() && file.st_uid != 0)
    return fmt::format("belongs to {}, not to you or root, so someone else may have planted it",
                       user_name(file.st_uid));
  if (file.st_nlink != 1)
    return fmt::format("has {} hard links, so it may be another file linked there to be overwritten", file.st_nlink);
  return "";
}

}  // namespace

FileLock::FileLock(const std::filesystem::path& path, Place place) : path_(path) {
  std::filesystem::create_directories(path.parent_path());
  fd_ = open_lock_file(path);
  struct stat file {};
  if (::fstat(fd_, &file) != 0) {
    int error = errno;
    ::close(fd_);
    throw InfraError(fmt::format("cannot inspect lock file {}: {}", path.string(), std::strerror(error)));
  }
  if (auto why = refusal(file, place); !why.empty()) {
    ::close(fd_);
    throw InfraError(fmt::format("lock file {} {}; gilmatrix will not use it: remove it", path.string(), why));
  }
  // The descriptor, never the name: the name may have been replaced since.
  if (place == Place::shared_directory && file.st_uid == ::geteuid()) ::fchmod(fd_, 0666);
  ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) & ~O_NONBLOCK);
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

bool FileLock::try_lock() {
  if (::flock(fd_, LOCK_EX | LOCK_NB) == 0) held_ = true;
  return held_;
}

void FileLock::lock() {
  while (::flock(fd_, LOCK_EX) != 0) {
    if (errno != EINTR) throw InfraError(std::string("cannot take file lock: ") + std::strerror(errno));
  }
  held_ = true;
}

void FileLock::lock_shared() {
  while (::flock(fd_, LOCK_SH) != 0) {
    if (errno != EINTR) throw InfraError(std::string("cannot take file lock: ") + std::strerror(errno));
  }
  held_ = true;
}

void FileLock::describe_holder(const std::string& text) {
  if (!held_) return;
  if (::ftruncate(fd_, 0) != 0) return;
  std::string line = text + "\n";
  [[maybe_unused]] auto written = ::pwrite(fd_, line.data(), line.size(), 0);
}

std::string FileLock::holder() const {
  char buffer[1024];
  auto n = ::pread(fd_, buffer, sizeof buffer - 1, 0);
  if (n <= 0) return "";
  std::string text(buffer, static_cast<std::size_t>(n));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\0')) text.pop_back();
  return text;
}

}  // namespace gm
