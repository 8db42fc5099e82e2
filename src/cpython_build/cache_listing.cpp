#include "cpython_build/cache_listing.hpp"

#include <algorithm>

#include "util/paths.hpp"

namespace gm::cpython_build {

int CacheListing::damaged() const {
  return static_cast<int>(
      std::count_if(builds.begin(), builds.end(), [](const ListedBuild& b) { return !b.entry.usable(); }));
}

CacheListing list_cache(const BuildCache& cache) {
  CacheListing listing{cache.layout().builds(), {}, cache.layout().other_kinds(), other_cache_items(cache.layout()),
                       cache.leftovers(),       0};
  for (auto& entry : cache.list()) {
    auto size = directory_size(entry.dir);
    listing.builds.push_back({std::move(entry), size});
  }
  for (const auto& leftover : listing.leftovers) listing.leftover_bytes += directory_size(leftover.path);
  return listing;
}

}  // namespace gm::cpython_build
