#include "util/cache_use.hpp"

#include <algorithm>

namespace gm {
namespace {

std::filesystem::path use_lock(const CacheLayout& layout, const std::string& kind, const std::string& name) {
  std::string slug = kind;
  std::replace(slug.begin(), slug.end(), ' ', '-');
  return layout.lock("use-" + slug + "-" + name);
}

}  // namespace

void CacheUse::hold(const std::string& kind, const std::string& name) {
  auto path = use_lock(layout_, kind, name).string();
  std::lock_guard guard(mutex_);
  for (const auto& [held, lock] : held_)
    if (held == path) return;
  auto lock = std::make_unique<FileLock>(path);
  lock->lock_shared();
  held_.emplace_back(path, std::move(lock));
}

std::unique_ptr<FileLock> CacheUse::claim_unused(const CacheLayout& layout, const std::string& kind,
                                                 const std::string& name) {
  auto lock = std::make_unique<FileLock>(use_lock(layout, kind, name));
  if (!lock->try_lock()) return nullptr;
  return lock;
}

}  // namespace gm
