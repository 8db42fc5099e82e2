#include "cpython_build/build_cache.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"

namespace gm::cpython_build {
namespace fs = std::filesystem;

BuildCache::BuildCache(fs::path root) : layout_(std::move(root)) {}

fs::path BuildCache::entry_dir(const std::string& key) const { return layout_.builds() / key; }
fs::path BuildCache::install_prefix(const std::string& key) const { return entry_dir(key) / "install"; }
fs::path BuildCache::lock_file(const std::string& key) const { return layout_.lock(key); }
fs::path BuildCache::staging_dir(const std::string& key) const {
  return layout_.builds() / (".staging-" + key + "-" + std::to_string(::getpid()));
}
fs::path BuildCache::work_dir(const std::string& key) const {
  return layout_.build_work() / (key + "-" + std::to_string(::getpid()));
}
fs::path BuildCache::failure_log(const std::string& key) const { return layout_.failed_builds() / (key + ".log"); }
fs::path BuildCache::failure_record(const std::string& key) const { return layout_.failed_builds() / (key + ".json"); }

namespace {

// Written into an entry whose interpreter was found not to work.
constexpr const char* kDamagedMarker = "damaged";

// The entry in `dir` as found on disk, checked.
CacheEntry inspect(const std::string& key, const fs::path& dir) {
  CacheEntry entry{key, dir, {}, {}, {}};
  std::error_code ec;
  entry.last_used = fs::last_write_time(dir / "last-used", ec);
  if (ec) entry.last_used = fs::last_write_time(dir, ec);
  if (auto why = read_text_file(dir / kDamagedMarker)) {
    entry.damage = trim(*why);
    return entry;
  }
  auto text = read_text_file(dir / "build.json");
  if (!text) {
    entry.damage = "build.json is missing";
    return entry;
  }
  auto json = nlohmann::json::parse(*text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    entry.damage = "build.json is not valid JSON";
    return entry;
  }
  auto metadata = parse_build_metadata(json);
  if (!metadata) {
    entry.damage = metadata.error();
    return entry;
  }
  if (metadata->key != key) {
    entry.damage = "build.json belongs to another key";
    return entry;
  }
  entry.metadata = std::move(*metadata);
  auto python = dir / "install" / "bin" / "python3";
  if (!fs::is_regular_file(python, ec) || ::access(python.c_str(), X_OK) != 0) {
    entry.damage = "install/bin/python3 is missing or not executable";
    return entry;
  }
  return entry;
}

}  // namespace

std::optional<CacheEntry> BuildCache::find(const std::string& key) const {
  std::error_code ec;
  if (!fs::exists(entry_dir(key), ec)) return std::nullopt;
  auto entry = inspect(key, entry_dir(key));
  if (!entry.usable()) return std::nullopt;
  return entry;
}

std::optional<std::string> BuildCache::verify(const std::string& key) const {
  std::error_code ec;
  if (!fs::exists(entry_dir(key), ec)) return std::nullopt;
  auto entry = inspect(key, entry_dir(key));
  if (entry.usable()) return std::nullopt;
  return entry.damage;
}

std::optional<std::string> BuildCache::set_aside_if_damaged(const std::string& key) const {
  auto damage = verify(key);
  if (!damage) return std::nullopt;
  auto aside = layout_.builds() / (".damaged-" + key + "-" + std::to_string(::getpid()));
  std::error_code ec;
  fs::remove_all(aside, ec);
  fs::rename(entry_dir(key), aside, ec);
  if (ec)
    throw InfraError(fmt::format("the cached build {} is damaged ({}) and cannot be moved aside: {}; remove {}", key,
                                 *damage, ec.message(), entry_dir(key).string()));
  fs::remove_all(aside, ec);
  return damage;
}

void BuildCache::mark_damaged(const std::string& key, const std::string& why) const {
  write_file_atomically(entry_dir(key) / kDamagedMarker, why + "\n");
}

void BuildCache::mark_used(const std::string& key) const {
  std::ofstream(entry_dir(key) / "last-used", std::ios::trunc) << utc_timestamp_iso() << "\n";
}

std::vector<CacheEntry> BuildCache::list() const {
  std::vector<CacheEntry> entries;
  std::error_code ec;
  for (const auto& item : fs::directory_iterator(layout_.builds(), ec)) {
    auto name = item.path().filename().string();
    if (name.starts_with(".") || !item.is_directory(ec)) continue;
    entries.push_back(inspect(name, item.path()));
  }
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
  return entries;
}

std::vector<Leftover> BuildCache::leftovers() const {
  // builds/.staging-<key>-<pid>, .deleting-<key>-<pid>, .damaged-<key>-<pid>; work/<key>-<pid>
  std::vector<Leftover> out;
  auto key_of = [](std::string name) {
    auto dash = name.rfind('-');
    return dash == std::string::npos ? name : name.substr(0, dash);
  };
  std::error_code ec;
  for (const auto& item : fs::directory_iterator(layout_.builds(), ec)) {
    auto name = item.path().filename().string();
    for (std::string prefix : {".staging-", ".deleting-", ".damaged-"})
      if (name.starts_with(prefix)) out.push_back({key_of(name.substr(prefix.size())), item.path()});
  }
  for (const auto& item : fs::directory_iterator(layout_.build_work(), ec))
    out.push_back({key_of(item.path().filename().string()), item.path()});
  return out;
}

void BuildCache::remove(const std::string& key) const {
  // Rename first so a concurrent reader never sees a half-deleted entry as complete.
  auto doomed = layout_.builds() / (".deleting-" + key + "-" + std::to_string(::getpid()));
  std::error_code ec;
  fs::rename(entry_dir(key), doomed, ec);
  if (!ec) fs::remove_all(doomed, ec);
}

void BuildCache::clean_leftovers(const std::string& key) const {
  std::error_code ec;
  for (const auto& leftover : leftovers())
    if (leftover.key == key) fs::remove_all(leftover.path, ec);
}

void BuildCache::publish(const std::string& key, const fs::path& staged) const {
  std::error_code ec;
  fs::rename(staged, entry_dir(key), ec);
  if (ec) throw InfraError("cannot publish build " + key + " in the cache: " + ec.message());
}

}  // namespace gm::cpython_build
