#pragma once
// The cache entries a running gilmatrix uses (its builds, package
// environments and harness scripts), each held with a shared lock
// (locks/use-<kind>-<name>.lock) for the command's life. `cache prune` removes
// an entry only when it can take that lock exclusively, and otherwise says it
// skipped it: a prune during a run cannot delete the interpreter, environment
// or scripts the run is about to start.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "util/cache_layout.hpp"
#include "util/file_lock.hpp"

namespace gm {

class CacheUse {
 public:
  explicit CacheUse(CacheLayout layout) : layout_(std::move(layout)) {}

  // Holds the entry `name` of `kind` (a CacheLayout::Kind name, or "builds")
  // until this object is destroyed. Holding the same entry twice is one hold.
  void hold(const std::string& kind, const std::string& name);

  // For `cache prune`: the entry's lock taken exclusively, or nothing when a
  // running gilmatrix holds it.
  static std::unique_ptr<FileLock> claim_unused(const CacheLayout& layout, const std::string& kind,
                                                const std::string& name);

 private:
  CacheLayout layout_;
  std::mutex mutex_;
  std::vector<std::pair<std::string, std::unique_ptr<FileLock>>> held_;
};

}  // namespace gm
