#include "util/owner_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "util/paths.hpp"
#include "util/strings.hpp"

namespace gm {
namespace fs = std::filesystem;

namespace {

// The lock file at `path` is the one `fd` has open (not one a releasing
// holder has just unlinked, which would lock nothing).
bool still_in_place(int fd, const fs::path& path) {
  struct stat opened {
  }, named{};
  return ::fstat(fd, &opened) == 0 && ::lstat(path.c_str(), &named) == 0 && opened.st_ino == named.st_ino &&
         opened.st_dev == named.st_dev;
}

std::string holder_of(const fs::path& path) {
  auto text = trim(read_text_file(path).value_or(""));
  return text.empty() ? "a process that has not yet said which" : text;
}

}  // namespace

tl::expected<std::unique_ptr<OwnerLock>, std::string> OwnerLock::try_take(const fs::path& path,
                                                                          const std::string& command) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  for (;;) {
    // Never through a symbolic link: the file is truncated and written below.
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644);
    if (fd < 0 && errno == ELOOP)
      throw InfraError(
          fmt::format("lock file {} is a symbolic link; gilmatrix never follows one there: remove it", path.string()));
    if (fd < 0) throw InfraError(fmt::format("cannot open lock file {}: {}", path.string(), std::strerror(errno)));
    struct stat opened {};
    if (::fstat(fd, &opened) != 0 || !S_ISREG(opened.st_mode)) {
      ::close(fd);
      throw InfraError(fmt::format("lock file {} is not a regular file: remove it", path.string()));
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      int error = errno;
      ::close(fd);
      if (error == EWOULDBLOCK) return tl::unexpected(holder_of(path));
      throw InfraError(fmt::format("cannot lock {}: {}", path.string(), std::strerror(error)));
    }
    if (!still_in_place(fd, path)) {
      ::close(fd);
      continue;
    }
    // Who holds it, for whoever is refused; best effort (a full disk must not stop the run here).
    auto holder = fmt::format("pid {} since {}: {}\n", ::getpid(), utc_timestamp_iso(), command);
    if (::ftruncate(fd, 0) == 0) {
      [[maybe_unused]] auto written = ::write(fd, holder.data(), holder.size());
    }
    return std::unique_ptr<OwnerLock>(new OwnerLock(path, fd));
  }
}

OwnerLock::~OwnerLock() {
  // Unlink while still holding it: a process that opens the path afterwards
  // gets a new file, and one that opened the old one sees it was replaced.
  ::unlink(path_.c_str());
  ::close(fd_);
}

}  // namespace gm
