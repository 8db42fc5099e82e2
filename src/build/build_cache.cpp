#include "build/build_cache.hpp"

#include <unistd.h>

#include <fstream>

#include "util/error.hpp"
#include "util/paths.hpp"

namespace gm::build {
namespace fs = std::filesystem;

BuildCache::BuildCache(fs::path root) : root_(std::move(root)) {}

fs::path BuildCache::entry_dir(const std::string& key) const { return root_ / "builds" / key; }
fs::path BuildCache::install_prefix(const std::string& key) const { return entry_dir(key) / "install"; }
fs::path BuildCache::lock_file(const std::string& key) const { return root_ / "locks" / (key + ".lock"); }
fs::path BuildCache::staging_dir(const std::string& key) const {
  return root_ / "builds" / (".staging-" + key + "-" + std::to_string(::getpid()));
}
fs::path BuildCache::work_dir(const std::string& key) const {
  return root_ / "work" / (key + "-" + std::to_string(::getpid()));
}
fs::path BuildCache::failure_log(const std::string& key) const { return root_ / "failed" / (key + ".log"); }

std::optional<CacheEntry> BuildCache::find(const std::string& key) const {
  auto dir = entry_dir(key);
  auto text = read_text_file(dir / "build.json");
  if (!text) return std::nullopt;
  CacheEntry entry{key, dir, nlohmann::json::parse(*text, nullptr, false), {}};
  if (entry.metadata.is_discarded()) return std::nullopt;
  std::error_code ec;
  entry.last_used = fs::last_write_time(dir / "last-used", ec);
  if (ec) entry.last_used = fs::last_write_time(dir / "build.json", ec);
  return entry;
}

void BuildCache::mark_used(const std::string& key) const {
  std::ofstream(entry_dir(key) / "last-used", std::ios::trunc) << utc_timestamp_iso() << "\n";
}

std::vector<CacheEntry> BuildCache::list() const {
  std::vector<CacheEntry> entries;
  std::error_code ec;
  for (const auto& item : fs::directory_iterator(root_ / "builds", ec)) {
    auto name = item.path().filename().string();
    if (name.starts_with(".")) continue;
    if (auto entry = find(name)) entries.push_back(*entry);
  }
  return entries;
}

void BuildCache::remove(const std::string& key) const {
  // Rename first so a concurrent reader never sees a half-deleted entry as complete.
  auto doomed = root_ / "builds" / (".deleting-" + key + "-" + std::to_string(::getpid()));
  std::error_code ec;
  fs::rename(entry_dir(key), doomed, ec);
  if (!ec) fs::remove_all(doomed, ec);
}

void BuildCache::clean_leftovers(const std::string& key) const {
  std::error_code ec;
  for (const auto& [dir, prefix] : {std::pair{root_ / "builds", ".staging-" + key + "-"},
                                    std::pair{root_ / "work", key + "-"}}) {
    for (const auto& item : fs::directory_iterator(dir, ec))
      if (item.path().filename().string().starts_with(prefix)) fs::remove_all(item.path(), ec);
  }
}

void BuildCache::publish(const std::string& key, const fs::path& staged) const {
  std::error_code ec;
  fs::rename(staged, entry_dir(key), ec);
  if (ec) throw InfraError("cannot publish build " + key + " in the cache: " + ec.message());
}

}  // namespace gm::build
