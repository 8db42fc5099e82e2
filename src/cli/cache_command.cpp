#include <cstdio>
#include <memory>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "cpython_build/build_cache.hpp"
#include "cli/commands.hpp"
#include "util/cache_inventory.hpp"
#include "util/duration.hpp"
#include "util/cache_use.hpp"
#include "util/file_lock.hpp"
#include "util/paths.hpp"
#include "util/text_table.hpp"

namespace gm::cli {

namespace {

std::string age_of(std::filesystem::file_time_type time) {
  auto age = std::filesystem::file_time_type::clock::now() - time;
  return format_duration(std::chrono::duration<double>(age)) + " ago";
}

std::string flags_of(const cpython_build::BuildMetadata& metadata) {
  const auto& flags = metadata.configure;
  return flags.empty() ? "(default)" : fmt::format("{}", fmt::join(flags, " "));
}

double mib(std::uintmax_t bytes) { return static_cast<double>(bytes) / (1 << 20); }

long long seconds_ago(std::filesystem::file_time_type time) {
  return std::chrono::duration_cast<std::chrono::seconds>(std::filesystem::file_time_type::clock::now() - time)
      .count();
}

// One line per kind of entry besides builds: how many, how large, the last use.
void print_other_kinds(const CacheLayout& layout, const std::vector<CacheItem>& items) {
  using Align = TextTable::Align;
  TextTable table({Align::left, Align::right, Align::right, Align::left, Align::left});
  for (const auto& kind : layout.other_kinds()) {
    std::size_t count = 0;
    std::uintmax_t size = 0;
    std::optional<std::filesystem::file_time_type> newest;
    for (const auto& item : items) {
      if (item.kind != kind.name) continue;
      ++count;
      size += item.size_bytes;
      if (!newest || item.last_used > *newest) newest = item.last_used;
    }
    table.add_row({kind.name, std::to_string(count), fmt::format("{:.0f}MiB", mib(size)),
                   newest ? "last used " + age_of(*newest) : "-", "(" + kind.dir.string() + ")"});
  }
  std::printf("%s", table.render().c_str());
}

// A package environment is in use while a gilmatrix holds its lock.
// Held while the entry is removed; null when a gilmatrix is using it.
std::unique_ptr<FileLock> lock_if_environment(const CacheLayout& layout, const CacheItem& item) {
  if (item.kind != "environments") return nullptr;
  auto lock = std::make_unique<FileLock>(layout.environment_lock(item.path.filename().string()));
  if (!lock->try_lock()) return nullptr;
  return lock;
}

}  // namespace

void register_cache_command(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "cache", "List or prune the cache: builds, package environments, pip caches, downloads, git mirrors, scripts");
  command->require_subcommand(1);
  command->footer(
      "\nExamples:\n"
      "  gilmatrix cache list\n"
      "  gilmatrix cache prune --older-than 30d -n          what would be removed\n"
      "\nThe cache is --cache DIR, else $GILMATRIX_CACHE, else $XDG_CACHE_HOME/gilmatrix or ~/.cache/gilmatrix.");
  auto cache_dir = std::make_shared<std::optional<std::filesystem::path>>();
  command->add_option("--cache", *cache_dir, "Cache directory (default $XDG_CACHE_HOME/gilmatrix)");

  auto* list = command->add_subcommand(
      "list", "Every cached build (key, version, flags, size, last use), then the other kinds of entries");
  list->fallthrough();  // `cache list --cache DIR` as well as `cache --cache DIR list`
  auto format = std::make_shared<std::string>("text");
  list->add_option("--format", *format, "text or json")->check(CLI::IsMember({"text", "json"}));
  list->footer("\nExamples:\n  gilmatrix cache list\n  gilmatrix cache list --format json | jq '.[].key'");
  list->callback([&context, cache_dir, format] {
    cpython_build::BuildCache cache(cache_root(*cache_dir));
    auto entries = cache.list();
    if (*format == "json") {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& e : entries)
        out.push_back({{"kind", "build"},
                       {"key", e.key},
                       {"dir", e.dir.string()},
                       {"size_bytes", directory_size(e.dir)},
                       {"last_used_seconds_ago", seconds_ago(e.last_used)},
                       {"metadata", e.usable() ? to_json(e.metadata) : nlohmann::json(nullptr)}});
      for (const auto& item : other_cache_items(cache.layout()))
        out.push_back({{"kind", item.kind},
                       {"key", item.path.filename().string()},
                       {"dir", item.path.string()},
                       {"size_bytes", item.size_bytes},
                       {"last_used_seconds_ago", seconds_ago(item.last_used)}});
      std::printf("%s\n", out.dump(2).c_str());
      context.exit_code = ExitCode::ok;
      return;
    }
    using Align = TextTable::Align;
    TextTable table({Align::left, Align::left, Align::left, Align::right, Align::left});
    table.add_row({"key", "version", "configure", "size", "last used"});
    int damaged = 0;
    for (const auto& e : entries) {
      const auto size = fmt::format("{:.0f}MiB", mib(directory_size(e.dir)));
      if (!e.usable()) {
        ++damaged;
        table.add_row({e.key, "damaged", e.damage, size, age_of(e.last_used)});
        continue;
      }
      table.add_row({e.key, e.metadata.label.empty() ? "?" : e.metadata.label, flags_of(e.metadata), size,
                     age_of(e.last_used)});
    }
    std::printf("%s", table.render().c_str());
    std::printf("%zu builds in %s\n\n", entries.size(), cache.layout().builds().string().c_str());
    print_other_kinds(cache.layout(), other_cache_items(cache.layout()));
    if (damaged > 0)
      std::printf("%d damaged: rebuilt when next needed; `gilmatrix cache prune` removes them now\n", damaged);
    auto leftovers = cache.leftovers();
    if (!leftovers.empty()) {
      std::uintmax_t size = 0;
      for (const auto& l : leftovers) size += directory_size(l.path);
      std::printf("%zu leftovers of interrupted or failed builds (%.0f MiB); `gilmatrix cache prune` removes those no "
                  "build is using\n",
                  leftovers.size(), mib(size));
    }
    context.exit_code = ExitCode::ok;
  });

  auto* prune = command->add_subcommand(
      "prune", "Remove entries of every kind not used recently (or all), or named builds");
  auto older_than = std::make_shared<std::string>("30d");
  auto all = std::make_shared<bool>(false);
  auto keys = std::make_shared<std::vector<std::string>>();
  auto dry_run = std::make_shared<bool>(false);
  prune->add_option("--older-than", *older_than, "Remove entries unused for this long: 12h, 30d (default 30d)");
  prune->add_flag("--all", *all, "Remove every entry (those a running gilmatrix holds are skipped)");
  prune->add_option("--key", *keys, "Remove these builds (keys from `cache list`) and nothing else");
  prune->add_flag("-n,--dry-run", *dry_run, "Only say what would be removed");
  prune->fallthrough();
  prune->footer(
      "\nExamples:\n"
      "  gilmatrix cache prune                        entries unused for 30 days\n"
      "  gilmatrix cache prune --key 3.13.15t-fc35409a808d917e\n"
      "  gilmatrix cache prune --all -n               what --all would remove");
  prune->callback([&context, cache_dir, older_than, all, keys, dry_run] {
    cpython_build::BuildCache cache(cache_root(*cache_dir));
    auto limit = parse_duration(*older_than);
    if (!limit) throw UsageError("--older-than: " + limit.error());
    // Say what is pruned before pruning it: the rule, and how to choose another.
    if (*all)
      std::printf("%s every entry but those a running gilmatrix holds\n", *dry_run ? "would remove" : "removing");
    else if (!keys->empty())
      std::printf("%s the builds named with --key\n", *dry_run ? "would remove" : "removing");
    else
      std::printf("%s damaged builds, leftovers and entries unused for %s%s (--older-than, --all and --key choose "
                  "others; -n only says what would go)\n",
                  *dry_run ? "would remove" : "removing", older_than->c_str(),
                  older_than->empty() || *older_than == "30d" ? ", the default" : "");
    std::uintmax_t freed = 0;
    int removed = 0;
    for (const auto& e : cache.list()) {
      bool named = std::find(keys->begin(), keys->end(), e.key) != keys->end();
      bool stale = std::filesystem::file_time_type::clock::now() - e.last_used > *limit;
      if (!(*all || named || !e.usable() || (keys->empty() && stale))) continue;
      // Not while a build of that key holds its lock (it may be repairing the entry right now).
      FileLock lock(cache.lock_file(e.key));
      auto unused = CacheUse::claim_unused(cache.layout(), "builds", e.key);
      if (!lock.try_lock() || !unused) {
        std::printf("skipped %s: a gilmatrix is building or using it\n", e.key.c_str());
        continue;
      }
      auto size = directory_size(e.dir);
      std::printf("%s %s (%.0f MiB, %s)\n", *dry_run ? "would remove" : "removed", e.key.c_str(),
                  mib(size),
                  (e.usable() ? "last used " + age_of(e.last_used) : "damaged: " + e.damage).c_str());
      if (!*dry_run) cache.remove(e.key);
      freed += size;
      ++removed;
    }
    for (const auto& leftover : cache.leftovers()) {
      FileLock lock(cache.lock_file(leftover.key));
      if (!lock.try_lock()) continue;  // a build of that key is running: its staging is in use
      auto size = directory_size(leftover.path);
      std::printf("%s %s (%.0f MiB, left by an interrupted or failed build)\n",
                  *dry_run ? "would remove" : "removed", leftover.path.string().c_str(),
                  mib(size));
      std::error_code ec;
      if (!*dry_run) std::filesystem::remove_all(leftover.path, ec);
      freed += size;
    }
    int others = 0;
    if (keys->empty())  // --key names builds only
      for (const auto& item : other_cache_items(cache.layout())) {
        bool stale = std::filesystem::file_time_type::clock::now() - item.last_used > *limit;
        if (!(*all || stale)) continue;
        auto lock = lock_if_environment(cache.layout(), item);
        auto unused = CacheUse::claim_unused(cache.layout(), item.kind, item.path.filename().string());
        if ((item.kind == "environments" && !lock) || !unused) {
          std::printf("skipped %s: a gilmatrix is using it\n", item.path.string().c_str());
          continue;
        }
        std::printf("%s %s (%s, %.0f MiB, last used %s)\n", *dry_run ? "would remove" : "removed",
                    item.path.string().c_str(), item.kind.c_str(), mib(item.size_bytes), age_of(item.last_used).c_str());
        std::error_code ec;
        if (!*dry_run) std::filesystem::remove_all(item.path, ec);
        freed += item.size_bytes;
        ++others;
      }
    std::printf("%d builds, %d other entries, %.0f MiB %s\n", removed, others, mib(freed),
                *dry_run ? "would be freed" : "freed");
    context.exit_code = ExitCode::ok;
  });
}

}  // namespace gm::cli
