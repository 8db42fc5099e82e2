#include "util/disk_space.hpp"

#include <sys/stat.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace gm {
namespace fs = std::filesystem;

Expected<DiskSpace> disk_space(const fs::path& path) {
  fs::path existing = fs::absolute(path).lexically_normal();
  std::error_code ec;
  while (!fs::exists(existing, ec) && existing.has_parent_path() && existing != existing.parent_path())
    existing = existing.parent_path();
  struct statvfs vfs {};
  struct stat here {};
  if (::statvfs(existing.c_str(), &vfs) != 0 || ::stat(existing.c_str(), &here) != 0)
    return fail(fmt::format("cannot read the free space of {}: {}", existing.string(), std::strerror(errno)));
  DiskSpace space{existing, static_cast<std::uintmax_t>(vfs.f_bavail) * vfs.f_frsize};
  // Up to the last directory on the same device: the mount point.
  while (space.mount_point != space.mount_point.parent_path()) {
    struct stat above {};
    if (::stat(space.mount_point.parent_path().c_str(), &above) != 0 || above.st_dev != here.st_dev) break;
    space.mount_point = space.mount_point.parent_path();
  }
  return space;
}

std::optional<std::string> disk_full(const fs::path& path, std::uintmax_t threshold) {
  auto space = disk_space(path);
  if (!space || space->available >= threshold) return std::nullopt;
  return fmt::format("the disk holding {} is full ({} KiB free)", space->mount_point.string(), space->available >> 10);
}

bool mentions_no_space(const std::string& message) {
  return message.find(std::strerror(ENOSPC)) != std::string::npos ||
         message.find(std::strerror(EDQUOT)) != std::string::npos;
}

}  // namespace gm
