#pragma once
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "cpython_build/cache_listing.hpp"
#include "cpython_build/cache_prune.hpp"

// The output of `gilmatrix cache list` and `cache prune`. Each returns what
// goes to stdout; `now` is the time ages are counted to.
namespace gm::report {

// A table of builds, a line per other kind of entry, and what damaged builds
// and leftovers `cache prune` would remove.
std::string cache_list_text(const cpython_build::CacheListing& listing, std::filesystem::file_time_type now);

// One object per build and per other entry: kind, key, dir, size, last use
// (and a build's build.json, null when damaged).
nlohmann::json cache_list_json(const cpython_build::CacheListing& listing, std::filesystem::file_time_type now);

// What the rule prunes and how to choose otherwise, said before pruning.
// `older_than` is --older-than as given.
std::string prune_heading(const cpython_build::PruneRule& rule, std::string_view older_than);

// One entry removed (or that would be), or skipped.
std::string pruned_entry_line(const cpython_build::PrunedEntry& entry, bool dry_run,
                              std::filesystem::file_time_type now);

// How many builds and other entries went, and the space freed.
std::string prune_summary(const cpython_build::PruneResult& result, bool dry_run);

}  // namespace gm::report
