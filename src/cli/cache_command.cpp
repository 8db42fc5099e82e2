#include <memory>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cpython_build/build_cache.hpp"
#include "cpython_build/cache_listing.hpp"
#include "cpython_build/cache_prune.hpp"
#include "report/cache_output.hpp"
#include "util/duration.hpp"
#include "util/paths.hpp"

namespace gm::cli {

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
    auto listing = cpython_build::list_cache(cpython_build::BuildCache(cache_root(*cache_dir)));
    auto now = std::filesystem::file_time_type::clock::now();
    print(*format == "json" ? report::cache_list_json(listing, now).dump(2) + "\n"
                            : report::cache_list_text(listing, now));
    context.exit_code = ExitCode::ok;
  });

  auto* prune =
      command->add_subcommand("prune", "Remove entries of every kind not used recently (or all), or named builds");
  auto older_than = std::make_shared<std::string>(cpython_build::kDefaultPruneAge);
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
    const cpython_build::PruneRule rule{*limit, *all, *keys, *dry_run};
    print(report::prune_heading(rule, *older_than));
    auto result = cpython_build::prune_cache(cache, rule, [&rule](const cpython_build::PrunedEntry& entry) {
      print(report::pruned_entry_line(entry, rule.dry_run, std::filesystem::file_time_type::clock::now()));
    });
    print(report::prune_summary(result, rule.dry_run));
    context.exit_code = ExitCode::ok;
  });
}

}  // namespace gm::cli
