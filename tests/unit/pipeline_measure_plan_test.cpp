#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "pipeline/measure_plan.hpp"

using gm::config::Cell;
using gm::pipeline::plan_measurement;

namespace {

Cell plan_cell(std::string build, std::string workload, int workers,
               gm::config::GilMode gil = gm::config::GilMode::default_mode) {
  Cell c;
  c.build = std::move(build);
  c.workload = std::move(workload);
  c.workers = workers;
  c.gil_mode = gil;
  c.sample_time = std::chrono::milliseconds(500);
  return c;
}

}  // namespace

TEST_CASE("measure plan: every worker count of a build and workload is calibrated once, together",
          "[pipeline][measure_plan]") {
  std::vector<Cell> cells{plan_cell("3.14t", "cpu", 1), plan_cell("3.14t", "cpu", 4), plan_cell("3.14t", "io", 1),
                          plan_cell("3.14", "cpu", 1)};
  auto plan = plan_measurement(cells, {}, {});
  REQUIRE(plan.calibrations.size() == 3);
  CHECK(plan.calibrations.at("3.14t/cpu").cells == std::vector<std::size_t>{0, 1});
  CHECK(plan.calibrations.at("3.14t/io").cells == std::vector<std::size_t>{2});
  CHECK(plan.calibrations.at("3.14/cpu").cells == std::vector<std::size_t>{3});
  for (const auto& [key, calibration] : plan.calibrations) CHECK_FALSE(calibration.resolved);
  CHECK(plan.resumed_count() == 0);
  CHECK(plan.grouped_cells() == 4);
}

TEST_CASE("measure plan: iterations from the matrix, or no sample time, need no calibration",
          "[pipeline][measure_plan]") {
  std::vector<Cell> cells{plan_cell("b", "fixed", 1), plan_cell("b", "fixed", 2), plan_cell("b", "own", 1)};
  cells[0].iterations = cells[1].iterations = 250;
  cells[2].sample_time = std::chrono::milliseconds(0);
  auto plan = plan_measurement(cells, {}, {});
  const auto& fixed = plan.calibrations.at("b/fixed");
  CHECK(fixed.resolved);
  CHECK(fixed.iterations == 250);
  CHECK(fixed.source == "matrix");
  const auto& own = plan.calibrations.at("b/own");
  CHECK(own.resolved);
  CHECK(own.iterations == 0);
  CHECK(own.source == "workload");
}

TEST_CASE(
    "measure plan: a free-threaded build and its GIL twin share paired rounds, their 1-worker cells the "
    "overhead",
    "[pipeline][measure_plan]") {
  std::vector<Cell> cells{plan_cell("3.14t", "cpu", 1), plan_cell("3.14t", "cpu", 2), plan_cell("3.14", "cpu", 1),
                          plan_cell("3.14t", "cpu", 1, gm::config::GilMode::on), plan_cell("3.13", "cpu", 1)};
  auto plan = plan_measurement(cells, {}, {{"3.14t", "3.14"}});
  REQUIRE(plan.groups.size() == 2);
  const auto& pair = plan.groups.at("3.14/cpu/threads");
  CHECK(pair.cells == std::vector<std::size_t>{0, 1, 2, 3});
  CHECK(pair.calibrations == std::set<std::string>{"3.14t/cpu", "3.14/cpu"});
  // Members 0 (3.14t x1, GIL as built) and 2 (3.14 x1): not the 2-worker cell, not PYTHON_GIL=1.
  REQUIRE(pair.overhead.size() == 1);
  CHECK(pair.overhead[0].free_threaded == 0);
  CHECK(pair.overhead[0].gil == 2);
  const auto& alone = plan.groups.at("3.13/cpu/threads");
  CHECK(alone.cells == std::vector<std::size_t>{4});
  CHECK(alone.overhead.empty());
}

TEST_CASE("measure plan: builds measured with another share its rounds without an overhead pair",
          "[pipeline][measure_plan]") {
  // bisect: a commit beside both ends, one round group; none of them is a GIL twin.
  std::vector<Cell> cells{plan_cell("good", "zlib", 1), plan_cell("good", "zlib", 2), plan_cell("mid", "zlib", 1),
                          plan_cell("mid", "zlib", 2),  plan_cell("bad", "zlib", 1),  plan_cell("bad", "zlib", 2)};
  auto plan = plan_measurement(cells, {}, {}, {{"good", "good"}, {"mid", "good"}, {"bad", "good"}});
  REQUIRE(plan.groups.size() == 1);
  const auto& together = plan.groups.at("good/zlib/threads");
  CHECK(together.cells == std::vector<std::size_t>{0, 1, 2, 3, 4, 5});
  CHECK(together.calibrations.size() == 3);  // each build calibrates its own iterations
  CHECK(together.overhead.empty());
}

TEST_CASE("measure plan: executors are measured in groups of their own", "[pipeline][measure_plan]") {
  std::vector<Cell> cells{plan_cell("b", "cpu", 1), plan_cell("b", "cpu", 1)};
  cells[1].executor = gm::config::Executor::processes;
  auto plan = plan_measurement(cells, {}, {});
  CHECK(plan.groups.size() == 2);
  CHECK(plan.calibrations.size() == 1);  // the same iterations for both: one calibration
}

TEST_CASE(
    "measure plan: a resumed cell is not measured again and lends its iterations to the rest of its "
    "calibration",
    "[pipeline][measure_plan]") {
  std::vector<Cell> cells{plan_cell("b", "cpu", 1), plan_cell("b", "cpu", 2), plan_cell("b", "io", 1)};
  gm::results::CellResult earlier;
  earlier.cell = cells[0];
  earlier.iterations = 1234;
  earlier.iterations_source = "calibrated";
  gm::results::CellResult unrelated;
  unrelated.cell = plan_cell("other", "cpu", 1);
  std::vector<gm::results::CellResult> resumed{earlier, unrelated};
  auto plan = plan_measurement(cells, resumed, {});
  CHECK(plan.resumed[0] == &resumed[0]);
  CHECK(plan.resumed[1] == nullptr);
  CHECK(plan.resumed_count() == 1);
  const auto& cpu = plan.calibrations.at("b/cpu");
  CHECK(cpu.resolved);
  CHECK(cpu.iterations == 1234);
  CHECK(cpu.source == "calibrated");
  CHECK(cpu.cells == std::vector<std::size_t>{1});
  CHECK_FALSE(plan.calibrations.at("b/io").resolved);
  CHECK(plan.groups.at("b/cpu/threads").cells == std::vector<std::size_t>{1});
  CHECK(plan.grouped_cells() == 2);
}
