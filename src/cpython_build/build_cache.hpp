#pragma once
// The content-addressed build cache, in the folders util/cache_layout.hpp
// names: complete installs under builds/<key>/ (install/, build.json,
// build.log); a build in progress staged beside them and renamed into place
// when complete; its sources and objects under work/; a lock per key.
//
// An entry is usable only when it passes verify(): build.json is readable and
// names the key, and install/bin/python3 is an executable file. One that
// fails (a deleted file, a disk that filled up) is moved aside and rebuilt.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cpython_build/build_metadata.hpp"
#include "util/cache_layout.hpp"

namespace gm::cpython_build {

struct CacheEntry {
  std::string key;
  std::filesystem::path dir;
  BuildMetadata metadata;  // build.json (empty when damaged)
  std::filesystem::file_time_type last_used;
  std::string damage;  // why verify() failed; empty for a usable entry

  bool usable() const { return damage.empty(); }
};

// What killed or failed builds left in the cache: staging and work
// directories, entries being deleted or set aside.
struct Leftover {
  std::string key;  // the build key it belongs to
  std::filesystem::path path;
};

class BuildCache {
 public:
  explicit BuildCache(std::filesystem::path root);

  const std::filesystem::path& root() const { return layout_.root(); }
  const CacheLayout& layout() const { return layout_; }
  std::filesystem::path entry_dir(const std::string& key) const;
  std::filesystem::path install_prefix(const std::string& key) const;
  std::filesystem::path lock_file(const std::string& key) const;
  std::filesystem::path staging_dir(const std::string& key) const;  // unique to this process
  std::filesystem::path work_dir(const std::string& key) const;     // unique to this process
  std::filesystem::path failure_log(const std::string& key) const;
  // failed/<key>.json: that the last build of `key` failed in its own steps
  // (configure, make, install; not a missing source, a full disk or Ctrl-C),
  // for `bisect`, which does not build such a commit again.
  std::filesystem::path failure_record(const std::string& key) const;

  // A usable entry, or nothing (a half-built or damaged one is never returned).
  std::optional<CacheEntry> find(const std::string& key) const;
  // Why the entry under `key` cannot be used; nothing when it can or there is none.
  std::optional<std::string> verify(const std::string& key) const;
  // A damaged entry is renamed out of the way (so a rebuild can publish under
  // its key) and deleted; returns what was wrong with it. Call with the key's lock held.
  std::optional<std::string> set_aside_if_damaged(const std::string& key) const;
  void mark_used(const std::string& key) const;
  // Records that the entry's interpreter does not work (it passed verify() but
  // its probe failed): `cache list` shows it damaged and the next build of the
  // key sets it aside and builds it again.
  void mark_damaged(const std::string& key, const std::string& why) const;
  // Every entry, damaged ones included (with `damage` saying why).
  std::vector<CacheEntry> list() const;
  void remove(const std::string& key) const;

  std::vector<Leftover> leftovers() const;
  // Removes what killed builds of `key` left behind. Call with the key's lock held.
  void clean_leftovers(const std::string& key) const;
  // Makes a staged entry visible under its key, atomically.
  void publish(const std::string& key, const std::filesystem::path& staged) const;

 private:
  CacheLayout layout_;
};

}  // namespace gm::cpython_build
