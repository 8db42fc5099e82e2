#include <catch2/catch.hpp>

#include <algorithm>

#include "results/trend.hpp"
#include "results_builders.hpp"

using namespace gm::results;

namespace {

TrendInput night(const std::string& date, double ft_speedup, gm::results::ModuleStatus verdict) {
  auto r = test_results::two_builds();
  r.started_at = date + "T02:00:00Z";
  r.cells[3].speedup = ft_speedup;
  r.module_checks[1].status = verdict;
  return {"nightly/" + date + "/results.json", r};
}

}  // namespace

TEST_CASE("trend: runs in start order, one speedup per run and series", "[results][trend]") {
  auto trend = compute_trend({night("2026-11-22", 1.2, ModuleStatus::keeps_gil_disabled),
                              night("2026-11-20", 1.9, ModuleStatus::keeps_gil_disabled),
                              night("2026-11-21", 1.8, ModuleStatus::keeps_gil_disabled)});
  REQUIRE(trend.runs.size() == 3);
  CHECK(trend.runs[0].label == "2026-11-20 02:00");
  CHECK(trend.runs[2].origin == "nightly/2026-11-22/results.json");
  CHECK(trend.workloads == std::vector<std::string>{"cpu"});
  CHECK(trend.workers.at("cpu") == 2);
  REQUIRE(trend.series.size() == 2);
  CHECK(trend.series[1].name() == "3.13t threads");
  REQUIRE(trend.series[1].points.size() == 3);
  CHECK(trend.series[1].points[0].speedup == 1.9);
  CHECK(trend.series[1].points[2].speedup == 1.2);
  CHECK(trend.flips.empty());
}

TEST_CASE("trend: the runs on which a module's verdict flipped", "[results][trend]") {
  auto trend = compute_trend({night("2026-11-20", 1.9, ModuleStatus::keeps_gil_disabled),
                              night("2026-11-21", 1.9, ModuleStatus::reenables_gil),
                              night("2026-11-22", 1.9, ModuleStatus::reenables_gil),
                              night("2026-11-23", 1.9, ModuleStatus::keeps_gil_disabled)});
  REQUIRE(trend.flips.size() == 2);
  CHECK(trend.runs[trend.flips[0].run].label == "2026-11-21 02:00");
  CHECK(trend.flips[0].change.severity == Severity::regression);
  CHECK(trend.flips[0].change.subject == "crcmod._crcfunext");
  CHECK(trend.runs[trend.flips[1].run].label == "2026-11-23 02:00");
  CHECK(trend.flips[1].change.severity == Severity::improvement);
}

TEST_CASE("trend: a cell missing from a run leaves a gap; the newest run picks the worker count", "[results][trend]") {
  auto old_run = night("2026-11-20", 1.9, ModuleStatus::keeps_gil_disabled);
  auto new_run = night("2026-11-21", 1.9, ModuleStatus::keeps_gil_disabled);
  new_run.results.cells.push_back(test_results::cell("3.13t", "cpu", 4, 3.6));
  auto trend = compute_trend({old_run, new_run});
  CHECK(trend.workers.at("cpu") == 4);
  REQUIRE(trend.series.size() == 1);
  CHECK_FALSE(trend.series[0].points[0].speedup);
  CHECK(trend.series[0].points[1].speedup == 3.6);
}

TEST_CASE("trend: runs of different matrices are noted, and an absent build is a gap, not a change",
          "[results][trend]") {
  auto a = night("2026-11-20", 1.9, ModuleStatus::keeps_gil_disabled);
  auto b = night("2026-11-21", 1.9, ModuleStatus::keeps_gil_disabled);
  auto c = night("2026-11-22", 1.9, ModuleStatus::keeps_gil_disabled);
  a.results.matrix_name = b.results.matrix_name = "default";
  c.results.matrix_name = "quick";
  // 3.13t is not in the middle run at all.
  std::erase_if(b.results.builds, [](const BuildRecord& r) { return r.name == "3.13t"; });
  std::erase_if(b.results.cells, [](const CellResult& r) { return r.cell.build == "3.13t"; });
  std::erase_if(b.results.module_checks, [](const ModuleCheck& m) { return m.build == "3.13t"; });
  auto trend = compute_trend({a, b, c});
  CHECK(std::none_of(trend.flips.begin(), trend.flips.end(), [](const auto& f) { return f.change.kind == "build"; }));
  REQUIRE(trend.notes.size() == 2);
  CHECK_THAT(trend.notes[0], Catch::Contains("different matrices"));
  CHECK_THAT(trend.notes[0], Catch::Contains("default"));
  CHECK_THAT(trend.notes[0], Catch::Contains("quick"));
  CHECK_THAT(trend.notes[1],
             Catch::Contains("build 3.13t is absent from 1 run (2026-11-21 02:00): a gap, not a change"));
  // One matrix, every build in every run: nothing to note.
  CHECK(compute_trend({night("2026-11-20", 1.9, ModuleStatus::keeps_gil_disabled),
                       night("2026-11-21", 1.9, ModuleStatus::keeps_gil_disabled)})
            .notes.empty());
}
