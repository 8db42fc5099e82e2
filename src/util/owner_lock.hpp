#pragma once
#include <filesystem>
#include <memory>
#include <string>

#include "util/error.hpp"

namespace gm {

// An exclusive lock (flock) that names its holder: the holding process
// writes its pid, start time and command line into the lock file, so a
// process that cannot take the lock can say who has it. Taking it never
// waits. The file is removed when the lock is released; the kernel releases
// the flock itself when the holder dies, so a killed holder never blocks anyone.
class OwnerLock {
 public:
  // The lock, or (as the error) who holds it: "pid 1234 since 2026-...: gilmatrix run ...".
  static tl::expected<std::unique_ptr<OwnerLock>, std::string> try_take(const std::filesystem::path& path,
                                                                        const std::string& command);
  ~OwnerLock();
  OwnerLock(const OwnerLock&) = delete;
  OwnerLock& operator=(const OwnerLock&) = delete;

 private:
  OwnerLock(std::filesystem::path path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::filesystem::path path_;
  int fd_;
};

}  // namespace gm
