#include "util/file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/error.hpp"

namespace gm {

FileLock::FileLock(const std::filesystem::path& path) : path_(path) {
  std::filesystem::create_directories(path.parent_path());
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw InfraError("cannot open lock file " + path.string() + ": " + std::strerror(errno));
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
