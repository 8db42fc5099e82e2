#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "util/error.hpp"

namespace gm {

struct DiskSpace {
  std::filesystem::path mount_point;  // of the filesystem holding the path
  std::uintmax_t available = 0;       // bytes this process may still write there
};

// For `path`, or its nearest existing parent.
Expected<DiskSpace> disk_space(const std::filesystem::path& path);

// "the disk holding /mnt/data is full (4 KiB free)" when less than `threshold`
// bytes are left where `path` lives; nothing otherwise. Used to tell a full
// disk apart from a real failure after something could not be written.
std::optional<std::string> disk_full(const std::filesystem::path& path, std::uintmax_t threshold = 1 << 20);

// True for the errno text of ENOSPC or EDQUOT, as in "cannot write x: No space left on device".
bool mentions_no_space(const std::string& message);

}  // namespace gm
