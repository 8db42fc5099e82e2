#pragma once
// The cache's entries besides CPython builds (cpython_build/build_cache.hpp
// lists those): package environments, pip caches, downloads, git mirrors,
// harness scripts and failed-build logs, each with its size and last use.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "util/cache_layout.hpp"

namespace gm {

struct CacheItem {
  std::string kind;  // CacheLayout::Kind::name
  std::filesystem::path path;
  std::uintmax_t size_bytes = 0;
  std::filesystem::file_time_type last_used;  // the entry's modification time; used entries are touched
};

std::vector<CacheItem> other_cache_items(const CacheLayout& layout);

// Marks an entry used now, so `cache prune --older-than` keeps it.
void touch_cache_entry(const std::filesystem::path& path);

}  // namespace gm
