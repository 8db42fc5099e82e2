#include "report/cache_output.hpp"

#include <optional>

#include <fmt/format.h>

#include "util/duration.hpp"
#include "util/text_table.hpp"

namespace gm::report {
namespace fs = std::filesystem;
using cpython_build::PrunedEntry;

namespace {

double mebibytes(std::uintmax_t bytes) { return static_cast<double>(bytes) / (1 << 20); }

std::string time_ago(fs::file_time_type time, fs::file_time_type now) {
  return format_duration(std::chrono::duration<double>(now - time)) + " ago";
}

long long whole_seconds_ago(fs::file_time_type time, fs::file_time_type now) {
  return std::chrono::duration_cast<std::chrono::seconds>(now - time).count();
}

std::string configure_flags(const cpython_build::BuildMetadata& metadata) {
  const auto& flags = metadata.configure;
  return flags.empty() ? "(default)" : fmt::format("{}", fmt::join(flags, " "));
}

// One line per kind of entry besides builds: how many, how large, the last use.
std::string other_kinds_table(const cpython_build::CacheListing& listing, fs::file_time_type now) {
  using Align = TextTable::Align;
  TextTable table({Align::left, Align::right, Align::right, Align::left, Align::left});
  for (const auto& kind : listing.other_kinds) {
    std::size_t count = 0;
    std::uintmax_t size = 0;
    std::optional<fs::file_time_type> newest;
    for (const auto& item : listing.others) {
      if (item.kind != kind.name) continue;
      ++count;
      size += item.size_bytes;
      if (!newest || item.last_used > *newest) newest = item.last_used;
    }
    table.add_row({kind.name, std::to_string(count), fmt::format("{:.0f}MiB", mebibytes(size)),
                   newest ? "last used " + time_ago(*newest, now) : "-", "(" + kind.dir.string() + ")"});
  }
  return table.render();
}

const char* removal_word(bool dry_run) { return dry_run ? "would remove" : "removed"; }

}  // namespace

std::string cache_list_text(const cpython_build::CacheListing& listing, fs::file_time_type now) {
  using Align = TextTable::Align;
  TextTable table({Align::left, Align::left, Align::left, Align::right, Align::left});
  table.add_row({"key", "version", "configure", "size", "last used"});
  for (const auto& [e, size_bytes] : listing.builds) {
    const auto size = fmt::format("{:.0f}MiB", mebibytes(size_bytes));
    if (!e.usable())
      table.add_row({e.key, "damaged", e.damage, size, time_ago(e.last_used, now)});
    else
      table.add_row({e.key, e.metadata.label.empty() ? "?" : e.metadata.label, configure_flags(e.metadata), size,
                     time_ago(e.last_used, now)});
  }
  auto out = table.render();
  out += fmt::format("{} builds in {}\n\n", listing.builds.size(), listing.builds_dir.string());
  out += other_kinds_table(listing, now);
  if (int damaged = listing.damaged(); damaged > 0)
    out += fmt::format("{} damaged: rebuilt when next needed; `gilmatrix cache prune` removes them now\n", damaged);
  if (!listing.leftovers.empty())
    out += fmt::format(
        "{} leftovers of interrupted or failed builds ({:.0f} MiB); `gilmatrix cache prune` removes "
        "those no build is using\n",
        listing.leftovers.size(), mebibytes(listing.leftover_bytes));
  return out;
}

nlohmann::json cache_list_json(const cpython_build::CacheListing& listing, fs::file_time_type now) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [e, size_bytes] : listing.builds)
    out.push_back({{"kind", "build"},
                   {"key", e.key},
                   {"dir", e.dir.string()},
                   {"size_bytes", size_bytes},
                   {"last_used_seconds_ago", whole_seconds_ago(e.last_used, now)},
                   {"metadata", e.usable() ? nlohmann::json(e.metadata) : nlohmann::json(nullptr)}});
  for (const auto& item : listing.others)
    out.push_back({{"kind", item.kind},
                   {"key", item.path.filename().string()},
                   {"dir", item.path.string()},
                   {"size_bytes", item.size_bytes},
                   {"last_used_seconds_ago", whole_seconds_ago(item.last_used, now)}});
  return out;
}

std::string prune_heading(const cpython_build::PruneRule& rule, std::string_view older_than) {
  const char* verb = rule.dry_run ? "would remove" : "removing";
  if (rule.all) return fmt::format("{} every entry but those a running gilmatrix holds\n", verb);
  if (rule.names_builds()) return fmt::format("{} the builds named with --key\n", verb);
  return fmt::format(
      "{} damaged builds, leftovers and entries unused for {}{} (--older-than, --all and --key choose "
      "others; -n only says what would go)\n",
      verb, older_than, older_than == cpython_build::kDefaultPruneAge ? ", the default" : "");
}

std::string pruned_entry_line(const PrunedEntry& entry, bool dry_run, fs::file_time_type now) {
  switch (entry.type) {
    case PrunedEntry::Type::build:
      if (entry.skipped) return fmt::format("skipped {}: a gilmatrix is building or using it\n", entry.name);
      return fmt::format(
          "{} {} ({:.0f} MiB, {})\n", removal_word(dry_run), entry.name, mebibytes(entry.size_bytes),
          entry.damage.empty() ? "last used " + time_ago(entry.last_used, now) : "damaged: " + entry.damage);
    case PrunedEntry::Type::leftover:
      return fmt::format("{} {} ({:.0f} MiB, left by an interrupted or failed build)\n", removal_word(dry_run),
                         entry.name, mebibytes(entry.size_bytes));
    case PrunedEntry::Type::other:
      if (entry.skipped) return fmt::format("skipped {}: a gilmatrix is using it\n", entry.name);
      return fmt::format("{} {} ({}, {:.0f} MiB, last used {})\n", removal_word(dry_run), entry.name, entry.kind,
                         mebibytes(entry.size_bytes), time_ago(entry.last_used, now));
  }
  return {};
}

std::string prune_summary(const cpython_build::PruneResult& result, bool dry_run) {
  return fmt::format("{} builds, {} other entries, {:.0f} MiB {}\n", result.builds_removed(), result.others_removed(),
                     mebibytes(result.freed_bytes()), dry_run ? "would be freed" : "freed");
}

}  // namespace gm::report
