#include <catch2/catch.hpp>

#include <chrono>

#include "report/cache_output.hpp"

using namespace gm;
namespace fs = std::filesystem;
using cpython_build::PrunedEntry;

namespace {

const fs::file_time_type kListedNow = fs::file_time_type::clock::now();
constexpr std::uintmax_t kMiB = 1 << 20;

cpython_build::CacheListing two_builds_and_a_download() {
  CacheLayout layout("/cache");
  cpython_build::CacheEntry usable{
      "3.13.15-aaaa", "/cache/builds/3.13.15-aaaa", {}, kListedNow - std::chrono::hours(2), ""};
  usable.metadata.label = "3.13.15";
  usable.metadata.configure = {"--disable-test-modules", "--with-lto"};
  cpython_build::CacheEntry damaged{
      "3.12.0-bbbb", "/cache/builds/3.12.0-bbbb", {}, kListedNow - std::chrono::hours(3), "build.json is missing"};
  return {layout.builds(),
          {{damaged, 0}, {usable, 30 * kMiB}},
          layout.other_kinds(),
          {{"downloads", "/cache/downloads/Python-3.13.15.tar.xz", 2 * kMiB, kListedNow - std::chrono::hours(1)}},
          {{"3.13.15-aaaa", "/cache/work/3.13.15-aaaa-7"}},
          5 * kMiB};
}

}  // namespace

TEST_CASE("cache output: the list shows builds, every other kind, damaged builds and leftovers", "[report][cache]") {
  auto text = report::cache_list_text(two_builds_and_a_download(), kListedNow);
  CHECK_THAT(text, Catch::StartsWith("key           version  configure                           size  last used\n"
                                     "3.12.0-bbbb   damaged  build.json is missing               0MiB  3h00m ago\n"
                                     "3.13.15-aaaa  3.13.15  --disable-test-modules --with-lto  30MiB  2h00m ago\n"
                                     "2 builds in /cache/builds\n\n"));
  CHECK_THAT(text, Catch::Contains("downloads          1  2MiB  last used 1h00m ago  (/cache/downloads)\n"));
  CHECK_THAT(text, Catch::Contains("environments       0  0MiB  -                    (/cache/venvs)\n"));
  CHECK_THAT(text, Catch::EndsWith("1 damaged: rebuilt when next needed; `gilmatrix cache prune` removes them now\n"
                                   "1 leftovers of interrupted or failed builds (5 MiB); `gilmatrix cache prune` "
                                   "removes those no build is using\n"));
}

TEST_CASE("cache output: the JSON list has one object per build and entry, metadata null when damaged",
          "[report][cache]") {
  auto json = report::cache_list_json(two_builds_and_a_download(), kListedNow);
  REQUIRE(json.size() == 3);
  CHECK(json[0].at("kind") == "build");
  CHECK(json[0].at("metadata").is_null());
  CHECK(json[1].at("size_bytes") == 30 * kMiB);
  CHECK(json[1].at("last_used_seconds_ago") == 7200);
  CHECK(json[1].at("metadata").at("label") == "3.13.15");
  CHECK(json[2].at("kind") == "downloads");
  CHECK(json[2].at("key") == "Python-3.13.15.tar.xz");
}

TEST_CASE("cache output: prune says its rule first, then each entry, then what it freed", "[report][cache]") {
  cpython_build::PruneRule rule{std::chrono::hours(24 * 30), false, {}, true};
  CHECK(report::prune_heading(rule, "30d") ==
        "would remove damaged builds, leftovers and entries unused for 30d, the default (--older-than, --all and "
        "--key choose others; -n only says what would go)\n");
  rule.dry_run = false;
  CHECK_THAT(report::prune_heading(rule, "12h"), Catch::StartsWith("removing damaged builds, leftovers and entries "
                                                                   "unused for 12h (--older-than"));
  rule.keys = {"3.13.15-aaaa"};
  CHECK(report::prune_heading(rule, "30d") == "removing the builds named with --key\n");
  rule.all = true;
  CHECK(report::prune_heading(rule, "30d") == "removing every entry but those a running gilmatrix holds\n");

  const auto hours_ago = kListedNow - std::chrono::hours(5);
  cpython_build::PruneResult result{{
      {PrunedEntry::Type::build, "3.13.15-aaaa", "", false, 3 * kMiB, hours_ago, ""},
      {PrunedEntry::Type::build, "3.12.0-bbbb", "", false, 0, hours_ago, "probe failed"},
      {PrunedEntry::Type::build, "3.14.0-cccc", "", true, 0, hours_ago, ""},
      {PrunedEntry::Type::leftover, "/cache/work/x-1", "", false, 1 * kMiB, {}, ""},
      {PrunedEntry::Type::other, "/cache/venvs/env", "environments", false, 2 * kMiB, hours_ago, ""},
      {PrunedEntry::Type::other, "/cache/venvs/held", "environments", true, 0, hours_ago, ""},
  }};
  std::string lines;
  for (const auto& entry : result.entries) lines += report::pruned_entry_line(entry, false, kListedNow);
  CHECK(lines ==
        "removed 3.13.15-aaaa (3 MiB, last used 5h00m ago)\n"
        "removed 3.12.0-bbbb (0 MiB, damaged: probe failed)\n"
        "skipped 3.14.0-cccc: a gilmatrix is building or using it\n"
        "removed /cache/work/x-1 (1 MiB, left by an interrupted or failed build)\n"
        "removed /cache/venvs/env (environments, 2 MiB, last used 5h00m ago)\n"
        "skipped /cache/venvs/held: a gilmatrix is using it\n");
  CHECK_THAT(report::pruned_entry_line(result.entries[0], true, kListedNow), Catch::StartsWith("would remove "));
  CHECK(report::prune_summary(result, false) == "2 builds, 1 other entries, 6 MiB freed\n");
  CHECK(report::prune_summary(result, true) == "2 builds, 1 other entries, 6 MiB would be freed\n");
}
