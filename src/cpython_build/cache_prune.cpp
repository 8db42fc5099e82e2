#include "cpython_build/cache_prune.hpp"

#include <algorithm>
#include <memory>

#include "util/cache_use.hpp"
#include "util/file_lock.hpp"
#include "util/paths.hpp"

namespace gm::cpython_build {
namespace fs = std::filesystem;

namespace {

bool unused_for_longer(const PruneRule& rule, fs::file_time_type last_used, fs::file_time_type now) {
  return now - last_used > rule.older_than;
}

// A package environment is in use while a gilmatrix holds its lock.
// Held while the entry is removed; null when a gilmatrix is using it.
std::unique_ptr<FileLock> lock_if_environment(const CacheLayout& layout, const CacheItem& item) {
  if (item.kind != "environments") return nullptr;
  auto lock = std::make_unique<FileLock>(layout.environment_lock(item.path.filename().string()));
  if (!lock->try_lock()) return nullptr;
  return lock;
}

PrunedEntry prune_build(const BuildCache& cache, const CacheEntry& build, bool dry_run) {
  PrunedEntry pruned{PrunedEntry::Type::build, build.key, {}, false, 0, build.last_used, build.damage};
  // Not while a build of that key holds its lock (it may be repairing the entry right now).
  FileLock lock(cache.lock_file(build.key));
  auto unused = CacheUse::claim_unused(cache.layout(), "builds", build.key);
  if (!lock.try_lock() || !unused) {
    pruned.skipped = true;
    return pruned;
  }
  pruned.size_bytes = directory_size(build.dir);
  if (!dry_run) cache.remove(build.key);
  return pruned;
}

PrunedEntry prune_other(const CacheLayout& layout, const CacheItem& item, bool dry_run) {
  PrunedEntry pruned{PrunedEntry::Type::other, item.path.string(), item.kind, false, 0, item.last_used, {}};
  auto lock = lock_if_environment(layout, item);
  auto unused = CacheUse::claim_unused(layout, item.kind, item.path.filename().string());
  if ((item.kind == "environments" && !lock) || !unused) {
    pruned.skipped = true;
    return pruned;
  }
  pruned.size_bytes = item.size_bytes;
  std::error_code ec;
  if (!dry_run) fs::remove_all(item.path, ec);
  return pruned;
}

}  // namespace

bool prune_selects(const PruneRule& rule, const CacheEntry& build, fs::file_time_type now) {
  bool named = std::find(rule.keys.begin(), rule.keys.end(), build.key) != rule.keys.end();
  return rule.all || named || !build.usable() ||
         (!rule.names_builds() && unused_for_longer(rule, build.last_used, now));
}

bool prune_selects(const PruneRule& rule, const CacheItem& item, fs::file_time_type now) {
  if (rule.names_builds()) return false;
  return rule.all || unused_for_longer(rule, item.last_used, now);
}

int PruneResult::builds_removed() const {
  return static_cast<int>(std::count_if(entries.begin(), entries.end(), [](const PrunedEntry& e) {
    return e.type == PrunedEntry::Type::build && !e.skipped;
  }));
}

int PruneResult::others_removed() const {
  return static_cast<int>(std::count_if(entries.begin(), entries.end(), [](const PrunedEntry& e) {
    return e.type == PrunedEntry::Type::other && !e.skipped;
  }));
}

std::uintmax_t PruneResult::freed_bytes() const {
  std::uintmax_t freed = 0;
  for (const auto& e : entries)
    if (!e.skipped) freed += e.size_bytes;
  return freed;
}

PruneResult prune_cache(const BuildCache& cache, const PruneRule& rule,
                        const std::function<void(const PrunedEntry&)>& on_entry) {
  PruneResult result;
  auto handled = [&](PrunedEntry entry) {
    result.entries.push_back(std::move(entry));
    if (on_entry) on_entry(result.entries.back());
  };
  for (const auto& build : cache.list())
    if (prune_selects(rule, build, fs::file_time_type::clock::now())) handled(prune_build(cache, build, rule.dry_run));
  for (const auto& leftover : cache.leftovers()) {
    FileLock lock(cache.lock_file(leftover.key));
    if (!lock.try_lock()) continue;  // a build of that key is running: its staging is in use
    PrunedEntry pruned{
        PrunedEntry::Type::leftover, leftover.path.string(), {}, false, directory_size(leftover.path), {}, {}};
    std::error_code ec;
    if (!rule.dry_run) fs::remove_all(leftover.path, ec);
    handled(std::move(pruned));
  }
  if (rule.names_builds()) return result;  // the other kinds are not even listed (and measured)
  for (const auto& item : other_cache_items(cache.layout()))
    if (prune_selects(rule, item, fs::file_time_type::clock::now()))
      handled(prune_other(cache.layout(), item, rule.dry_run));
  return result;
}

}  // namespace gm::cpython_build
