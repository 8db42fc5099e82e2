#include <catch2/catch.hpp>

#include "results/merge.hpp"
#include "results_builders.hpp"

using namespace gm::results;

namespace {

// The unsharded run split as `run --shard K/2` would have: 3.13 in shard 1, 3.13t in shard 2.
std::vector<ShardInput> shards_of(const RunResults& whole) {
  std::vector<ShardInput> out;
  std::vector<std::string> all{"3.13", "3.13t"};
  for (int k = 1; k <= 2; ++k) {
    auto part = whole;
    const auto& name = all[static_cast<std::size_t>(k - 1)];
    std::erase_if(part.builds, [&](const auto& b) { return b.name != name; });
    std::erase_if(part.cells, [&](const auto& c) { return c.cell.build != name; });
    std::erase_if(part.module_checks, [&](const auto& m) { return m.build != name; });
    std::erase_if(part.installs, [&](const auto& i) { return i.build != name; });
    part.shard = ShardInfo{k, 2, {name}, all};
    part.reproduce = "gilmatrix run nightly.toml --shard " + std::to_string(k) + "/2";
    part.environment.command = {"gilmatrix", "run", "nightly.toml", "--shard", std::to_string(k) + "/2"};
    part.started_at = k == 1 ? "2026-11-20T02:00:05Z" : "2026-11-20T02:00:01Z";
    part.finished_at = k == 1 ? "2026-11-20T02:09:00Z" : "2026-11-20T02:11:00Z";
    part.wall_seconds = 100.0 * k;
    out.push_back({"shard-" + std::to_string(k) + "/results.json", part});
  }
  return out;
}

std::vector<std::string> cell_keys(const RunResults& r) {
  std::vector<std::string> keys;
  for (const auto& c : r.cells) keys.push_back(c.cell.key() + " " + to_string(c.status));
  return keys;
}

}  // namespace

TEST_CASE("merge: two shards give the unsharded run's builds, cells and verdicts in its order", "[results][merge]") {
  auto whole = test_results::two_builds();
  auto shards = shards_of(whole);
  std::swap(shards[0], shards[1]);  // given in any order
  auto merged = merge_shards(shards);
  REQUIRE(merged);
  CHECK(merged->builds.size() == 2);
  CHECK(merged->builds[0].name == "3.13");
  CHECK(cell_keys(*merged) == cell_keys(whole));
  REQUIRE(merged->module_checks.size() == 2);
  CHECK(merged->module_checks[1].status == ModuleStatus::keeps_gil_disabled);
  CHECK(merged->installs.size() == 2);
  CHECK_FALSE(merged->shard);
  CHECK(merged->reproduce == "gilmatrix run nightly.toml");
  CHECK(merged->environment.command == std::vector<std::string>{"gilmatrix", "run", "nightly.toml"});
  CHECK(merged->started_at == "2026-11-20T02:00:01Z");
  CHECK(merged->finished_at == "2026-11-20T02:11:00Z");
  CHECK(merged->wall_seconds == 200.0);
  CHECK(merged->notes.empty());
}

TEST_CASE("merge: shards from another machine are noted", "[results][merge]") {
  auto shards = shards_of(test_results::two_builds());
  shards[1].results.environment.usable_cores = 8;
  auto merged = merge_shards(shards);
  REQUIRE(merged);
  REQUIRE(merged->notes.size() == 1);
  CHECK_THAT(merged->notes[0], Catch::Contains("shard 2/2 ran on Test CPU (8 usable cores)"));
}

TEST_CASE("merge: refuses what is not one split of one matrix", "[results][merge]") {
  auto shards = shards_of(test_results::two_builds());
  SECTION("not a shard") {
    shards[1].results.shard.reset();
    auto merged = merge_shards(shards);
    REQUIRE_FALSE(merged);
    CHECK_THAT(merged.error(), Catch::Contains("shard-2/results.json is not a shard's results"));
  }
  SECTION("another matrix file") {
    shards[1].results.matrix_sha256 = std::string(64, 'b');
    auto merged = merge_shards(shards);
    REQUIRE_FALSE(merged);
    CHECK_THAT(merged.error(), Catch::Contains("shards of different matrix files cannot be merged"));
    CHECK_THAT(merged.error(), Catch::Contains("sha256 bbbbbbbbbbbb"));
  }
  SECTION("another schema version") {
    shards[0].results.schema_version = 7;
    auto merged = merge_shards(shards);
    REQUIRE_FALSE(merged);
    CHECK_THAT(merged.error(),
               Catch::Contains("shard-2/results.json has results schema version " + std::to_string(kSchemaVersion) +
                               " but "
                               "shard-1/results.json has 7"));
  }
  SECTION("a shard missing") {
    shards.pop_back();
    auto merged = merge_shards(shards);
    REQUIRE_FALSE(merged);
    CHECK_THAT(merged.error(), Catch::Contains("shard 2/2 missing"));
  }
  SECTION("a shard twice") {
    shards[1] = shards[0];
    auto merged = merge_shards(shards);
    REQUIRE_FALSE(merged);
    CHECK_THAT(merged.error(), Catch::Contains("shard 1/2 is given twice"));
  }
  SECTION("another split") {
    shards[1].results.shard->total = 3;
    auto merged = merge_shards(shards);
    REQUIRE_FALSE(merged);
    CHECK_THAT(merged.error(), Catch::Contains("merge the shards of one split"));
  }
}

TEST_CASE("merge: the shard argument leaves the command line", "[results][merge]") {
  CHECK(without_shard_argument("gilmatrix run m.toml --shard 2/4 --mirror x") == "gilmatrix run m.toml --mirror x");
  CHECK(without_shard_argument(std::vector<std::string>{"gilmatrix", "run", "--shard=1/2", "m.toml"}) ==
        std::vector<std::string>{"gilmatrix", "run", "m.toml"});
}

TEST_CASE("merge: the cache, skipped builds and workloads' package sets carry over", "[results][merge]") {
  auto whole = test_results::two_builds();
  whole.cache_dir = "/home/ci/.cache/gilmatrix";
  auto shards = shards_of(whole);
  shards[0].results.workload_package_sets = {{"pvector", "extensions"}};
  shards[1].results.skip_missing = true;
  auto merged = merge_shards(shards);
  REQUIRE(merged);
  CHECK(merged->cache_dir == "/home/ci/.cache/gilmatrix");
  CHECK(merged->skip_missing);
  CHECK(merged->workload_package_sets == std::map<std::string, std::string>{{"pvector", "extensions"}});
}

TEST_CASE("merge: a workload file that changed between shards is refused unless forced", "[results][merge]") {
  auto whole = test_results::two_builds();
  whole.workloads = {{"cpu", "workloads/cpu.py", "CPU-bound", nullptr, std::string(64, 'a')}};
  auto shards = shards_of(whole);
  shards[1].results.workloads[0].sha256 = std::string(64, 'b');
  auto refused = merge_shards(shards);
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error(), Catch::Contains("workload `cpu`'s file workloads/cpu.py differs between shards: "
                                              "sha256 aaaaaaaaaaaa in shard-1/results.json, bbbbbbbbbbbb in "
                                              "shard-2/results.json"));
  CHECK_THAT(refused.error(), Catch::Contains("--force"));
  auto forced = merge_shards(shards, true);
  REQUIRE(forced);
  REQUIRE(forced->notes.size() == 1);
  CHECK_THAT(forced->notes[0], Catch::StartsWith("merged with --force although workload `cpu`'s file"));
  // Files written before the hashes were recorded are merged as before.
  shards[0].results.workloads[0].sha256.clear();
  shards[1].results.workloads[0].sha256.clear();
  CHECK(merge_shards(shards));
}
