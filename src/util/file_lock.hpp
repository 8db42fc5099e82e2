#pragma once
#include <filesystem>
#include <string>

namespace gm {

// An exclusive advisory lock (flock) on a file, held for the object's lifetime.
// The kernel releases it when the process dies, so a killed run never leaves a
// stale lock behind.
class FileLock {
 public:
  // Who may have made the lock file. `own_directory`: a lock in a directory of
  // the user's own (the cache). `shared_directory`: a lock other users can
  // reach (the machine-wide measuring lock): the file must be a regular file
  // with one link, owned by this user or by root, or it is refused, since
  // anyone could have planted it there; one this user creates is made
  // writable for everyone, so another user's run can take it after us.
  enum class Place { own_directory, shared_directory };

  // Blocks until the lock is held. `on_wait` is called once if another process holds it.
  template <class OnWait>
  FileLock(const std::filesystem::path& path, OnWait on_wait) : FileLock(path) {
    if (!try_lock()) {
      on_wait();
      lock();
    }
  }
  // Never follows a symbolic link at `path` (InfraError: a link there was
  // planted, or is a mistake) and refuses anything but a regular file.
  explicit FileLock(const std::filesystem::path& path, Place place = Place::own_directory);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

  bool try_lock();
  void lock();
  // A shared lock: many holders at once, none while an exclusive one is held.
  void lock_shared();

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
