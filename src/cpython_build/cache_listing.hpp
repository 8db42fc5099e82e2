#pragma once
// What `cache list` shows of the whole cache, measured: every build with its
// size, the entries of the other kinds, and what killed builds left behind.
// report/cache_output.hpp writes it as a table or as JSON.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "cpython_build/build_cache.hpp"
#include "util/cache_inventory.hpp"

namespace gm::cpython_build {

struct ListedBuild {
  CacheEntry entry;
  std::uintmax_t size_bytes = 0;
};

struct CacheListing {
  std::filesystem::path builds_dir;
  std::vector<ListedBuild> builds;  // by key, damaged ones included
  std::vector<CacheLayout::Kind> other_kinds;
  std::vector<CacheItem> others;  // the entries of other_kinds
  std::vector<Leftover> leftovers;
  std::uintmax_t leftover_bytes = 0;

  int damaged() const;
};

CacheListing list_cache(const BuildCache& cache);

}  // namespace gm::cpython_build
