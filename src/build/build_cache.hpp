#pragma once
// The content-addressed build cache:
//   builds/<key>/            complete installs only (install/, build.json, build.log)
//   builds/.staging-<key>-<pid>/   a build in progress; renamed to builds/<key> when complete
//   work/<key>-<pid>/        extracted source and object files of a build in progress
//   locks/<key>.lock         held while a key is being checked or built
//   failed/<key>.log         the log of the last failed build of a key
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gm::build {

struct CacheEntry {
  std::string key;
  std::filesystem::path dir;
  nlohmann::json metadata;  // build.json
  std::filesystem::file_time_type last_used;
};

class BuildCache {
 public:
  explicit BuildCache(std::filesystem::path root);

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path entry_dir(const std::string& key) const;
  std::filesystem::path install_prefix(const std::string& key) const;
  std::filesystem::path lock_file(const std::string& key) const;
  std::filesystem::path staging_dir(const std::string& key) const;  // unique to this process
  std::filesystem::path work_dir(const std::string& key) const;     // unique to this process
  std::filesystem::path failure_log(const std::string& key) const;

  // A complete entry, or nothing (a half-built one is never returned).
  std::optional<CacheEntry> find(const std::string& key) const;
  void mark_used(const std::string& key) const;
  std::vector<CacheEntry> list() const;
  void remove(const std::string& key) const;

  // Removes what killed builds of `key` left behind. Call with the key's lock held.
  void clean_leftovers(const std::string& key) const;
  // Makes a staged entry visible under its key, atomically.
  void publish(const std::string& key, const std::filesystem::path& staged) const;

 private:
  std::filesystem::path root_;
};

}  // namespace gm::build
