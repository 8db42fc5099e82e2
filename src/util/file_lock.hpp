#pragma once
#include <filesystem>
#include <string>

namespace gm {

// An exclusive advisory lock (flock) on a file, held for the object's lifetime.
// The kernel releases it when the process dies, so a killed run never leaves a
// stale lock behind.
class FileLock {
 public:
  // Blocks until the lock is held. `on_wait` is called once if another process holds it.
  template <class OnWait>
  FileLock(const std::filesystem::path& path, OnWait on_wait) : FileLock(path) {
    if (!try_lock()) {
      on_wait();
      lock();
    }
  }
  explicit FileLock(const std::filesystem::path& path);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

  bool try_lock();
  void lock();

  // While held: replaces the file's content with a line saying who holds it,
  // which a waiting process shows with holder().
  void describe_holder(const std::string& text);
  // What the current holder wrote ("" when nothing).
  std::string holder() const;

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  bool held_ = false;
};

}  // namespace gm
