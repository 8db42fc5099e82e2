#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "config/shard.hpp"

using namespace gm::config;

namespace {

Matrix matrix_of(int interpreter_builds, int source_builds) {
  Matrix m;
  m.name = "sharded";
  m.defaults.workers = {{false, 1}, {false, 2}};
  WorkloadSpec w;
  w.name = "cpu";
  w.file = "/work/cpu.py";
  w.executors = {Executor::threads, Executor::processes};
  m.workloads = {w};
  for (int i = 0; i < interpreter_builds; ++i) {
    BuildSpec b;
    b.name = "py" + std::to_string(i);
    b.interpreter = "python3";
    m.builds.push_back(b);
  }
  for (int i = 0; i < source_builds; ++i) {
    BuildSpec b;
    b.name = "src" + std::to_string(i);
    b.version = "3.13";
    m.builds.push_back(b);
  }
  return m;
}

}  // namespace

TEST_CASE("shard: K/N is parsed and checked", "[config][shard]") {
  auto spec = parse_shard("2/4");
  REQUIRE(spec);
  CHECK(spec->index == 2);
  CHECK(spec->total == 4);
  CHECK(spec->text() == "2/4");
  for (const char* bad : {"", "2", "0/2", "3/2", "1/0", "a/2", "1/2x", "-1/2", "1//2"}) {
    INFO(bad);
    auto parsed = parse_shard(bad);
    REQUIRE_FALSE(parsed);
    CHECK_THAT(parsed.error(), Catch::Contains("expected K/N with 1 <= K <= N"));
  }
}

TEST_CASE("shard: every build is in exactly one shard, none is empty", "[config][shard]") {
  auto m = matrix_of(3, 2);
  for (int total = 1; total <= 5; ++total) {
    auto shards = assign_shards(m, total);
    REQUIRE(shards);
    REQUIRE(shards->size() == static_cast<std::size_t>(total));
    std::multiset<std::string> seen;
    for (const auto& s : *shards) {
      CHECK_FALSE(s.empty());
      seen.insert(s.begin(), s.end());
    }
    CHECK(seen == std::multiset<std::string>{"py0", "py1", "py2", "src0", "src1"});
  }
}

TEST_CASE("shard: builds that compile go to different shards first; lists keep matrix order", "[config][shard]") {
  auto shards = assign_shards(matrix_of(3, 2), 2);
  REQUIRE(shards);
  // Weights: a compile counts 20, each of the 2 series 1: src0 and src1 (22 each) first, then
  // py0, py1, py2 (2 each) alternately onto the lighter shard.
  CHECK((*shards)[0] == std::vector<std::string>{"py0", "py2", "src0"});
  CHECK((*shards)[1] == std::vector<std::string>{"py1", "src1"});
  // The same matrix always gives the same split.
  CHECK(*assign_shards(matrix_of(3, 2), 2) == *shards);
}

TEST_CASE("shard: more shards than builds is an error that says how many fit", "[config][shard]") {
  auto shards = assign_shards(matrix_of(1, 1), 3);
  REQUIRE_FALSE(shards);
  CHECK(shards.error() ==
        "3 shards for 2 builds: a build is never split across shards, nor separated from its "
        "free-threaded twin, so use at most 2");
}

TEST_CASE("shard: selecting a shard keeps its builds and every workload", "[config][shard]") {
  auto m = matrix_of(3, 2);
  auto selected = select_shard(m, {2, 2});
  REQUIRE(selected);
  std::vector<std::string> names;
  for (const auto& b : selected->builds) names.push_back(b.name);
  CHECK(names == std::vector<std::string>{"py1", "src1"});
  CHECK(selected->workloads.size() == 1);
}

TEST_CASE("shard: a source build and its free-threaded twin stay in one shard", "[config][shard]") {
  auto matrix = matrix_of(1, 0);
  for (const char* version : {"3.13", "3.14"})
    for (bool free_threaded : {false, true}) {
      BuildSpec b;
      b.name = std::string(version) + (free_threaded ? "t" : "");
      b.version = version;
      b.free_threaded = free_threaded;
      matrix.builds.push_back(b);
    }
  auto shards = assign_shards(matrix, 3);
  REQUIRE(shards);
  for (const auto& shard : *shards) {
    bool has13 = std::find(shard.begin(), shard.end(), "3.13") != shard.end();
    bool has13t = std::find(shard.begin(), shard.end(), "3.13t") != shard.end();
    bool has14 = std::find(shard.begin(), shard.end(), "3.14") != shard.end();
    bool has14t = std::find(shard.begin(), shard.end(), "3.14t") != shard.end();
    CHECK(has13 == has13t);
    CHECK(has14 == has14t);
  }
  auto too_many = assign_shards(matrix, 4);
  REQUIRE_FALSE(too_many);
  CHECK(too_many.error() ==
        "4 shards for 5 builds: a build is never split across shards, nor separated from its "
        "free-threaded twin, so use at most 3");
}
