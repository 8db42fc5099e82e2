#include "util/cache_inventory.hpp"

#include "util/paths.hpp"

namespace gm {
namespace fs = std::filesystem;

std::vector<CacheItem> other_cache_items(const CacheLayout& layout) {
  std::vector<CacheItem> items;
  for (const auto& kind : layout.other_kinds()) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(kind.dir, ec)) {
      std::error_code time_error;
      auto time = fs::last_write_time(entry.path(), time_error);
      auto size =
          entry.is_directory(time_error) ? directory_size(entry.path()) : fs::file_size(entry.path(), time_error);
      items.push_back({kind.name, entry.path(), time_error ? 0 : size, time});
    }
  }
  return items;
}

void touch_cache_entry(const fs::path& path) {
  std::error_code ec;
  fs::last_write_time(path, fs::file_time_type::clock::now(), ec);
}

}  // namespace gm
