#pragma once
// `cache prune`: which entries of the whole cache a rule removes, and removing
// them. An entry a running gilmatrix holds is skipped, never removed: a build
// whose key lock is taken (it is being built or repaired), an entry whose use
// lock is held (util/cache_use.hpp), a package environment whose lock is held.
// report/cache_output.hpp says what was done.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cpython_build/build_cache.hpp"
#include "util/cache_inventory.hpp"
#include "util/duration.hpp"

namespace gm::cpython_build {

// How long an entry may go unused when --older-than is not given.
inline constexpr std::string_view kDefaultPruneAge = "30d";

struct PruneRule {
  Milliseconds older_than{};      // entries unused for longer go
  bool all = false;               // every entry goes
  std::vector<std::string> keys;  // only these builds go (besides damaged builds and leftovers): no other kind
  bool dry_run = false;           // nothing is removed; the result says what would be

  bool names_builds() const { return !keys.empty(); }
};

// Whether the rule removes a build: any with `all`; else a damaged one, one
// named in `keys`, or (when no key is named) one unused for longer than `older_than`.
bool prune_selects(const PruneRule& rule, const CacheEntry& build, std::filesystem::file_time_type now);
// Whether the rule removes an entry of another kind: none when `keys` names
// builds; else any with `all`, or one unused for longer than `older_than`.
bool prune_selects(const PruneRule& rule, const CacheItem& item, std::filesystem::file_time_type now);

// One entry the rule selected: removed (or, in a dry run, to be removed), or
// skipped because a running gilmatrix holds it.
struct PrunedEntry {
  enum class Type { build, leftover, other };
  Type type = Type::build;
  std::string name;  // a build's key; the path of a leftover or of another entry
  std::string kind;  // another entry's CacheLayout::Kind name ("environments", ...)
  bool skipped = false;
  std::uintmax_t size_bytes = 0;  // of what is removed (not measured for a skipped entry)
  std::filesystem::file_time_type last_used{};
  std::string damage;  // why a build is damaged; empty for a usable one
};

struct PruneResult {
  std::vector<PrunedEntry> entries;  // in the order handled: builds, leftovers, other entries
  int builds_removed() const;
  int others_removed() const;
  std::uintmax_t freed_bytes() const;  // leftovers included
};

// Removes what the rule selects (in a dry run, removes nothing), each entry
// under its locks: builds first, then the leftovers of killed builds (but for
// those of a build running now, which are neither touched nor listed), then
// the entries of the other kinds. `on_entry` hears of each entry once it is
// handled, so a long prune can say what it does as it goes.
PruneResult prune_cache(const BuildCache& cache, const PruneRule& rule,
                        const std::function<void(const PrunedEntry&)>& on_entry = {});

}  // namespace gm::cpython_build
