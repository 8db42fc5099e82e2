#include <catch2/catch.hpp>

#include "report/plan_output.hpp"

using namespace gm;

namespace {

config::Plan two_cells() {
  config::Plan plan;
  plan.usable_cores = 2;
  for (const char* build : {"3.13", "3.13t"}) {
    config::Cell cell;
    cell.build = build;
    cell.workload = "cpu-pure-python";
    cell.workers = 2;
    cell.repeats = {3, false};
    cell.timeout = std::chrono::milliseconds(120'000);
    plan.expansion.cells.push_back(cell);
  }
  plan.build_notes = {"3.14t: no source"};
  return plan;
}

}  // namespace

TEST_CASE("plan output: one line per cell, the count and the notes", "[report][plan]") {
  auto text = report::plan_text(two_cells());
  CHECK_THAT(text, Catch::Contains("3.13t"));
  CHECK_THAT(text, Catch::Contains("120s"));
  CHECK_THAT(text, Catch::Contains("2 cells on 2 usable cores"));
  CHECK_THAT(text, Catch::Contains("note: 3.14t: no source"));
}

TEST_CASE("plan output: shards count their builds' cells; the strategy matrix lists each shard", "[report][plan]") {
  config::ShardBuilds shards{{"3.13"}, {"3.13t"}};
  auto text = report::plan_shards_text(two_cells(), shards);
  CHECK_THAT(text, Catch::Contains("shard 2/2: 1 cells, builds 3.13t"));
  auto json = report::plan_json(two_cells(), shards);
  CHECK(json.at("shards").at(0).at("cells") == 1);
  CHECK(report::shards_strategy_matrix(shards).dump() ==
        R"({"include":[{"builds":"3.13","shard":"1/2"},{"builds":"3.13t","shard":"2/2"}]})");
}
