#include <catch2/catch.hpp>

#include "report/charts.hpp"
#include "results_builders.hpp"

using namespace gm::report;
using namespace gm::results;

TEST_CASE("charts: one speedup chart per workload and executor, one line per build", "[report][charts]") {
  auto r = test_results::two_builds();
  r.cells.push_back(test_results::cell("3.13t", "cpu", 1, 1.0, std::nullopt, gm::config::Executor::processes));
  auto charts = speedup_charts(r);
  REQUIRE(charts.size() == 2);
  CHECK(charts[0].file_name == "speedup-cpu-threads.svg");
  CHECK(charts[0].title == "cpu, threads: speedup by workers");
  CHECK(charts[0].workload == "cpu");
  CHECK_THAT(charts[0].svg, Catch::Contains(">3.13</text>"));
  CHECK_THAT(charts[0].svg, Catch::Contains(">3.13t</text>"));
  CHECK(charts[1].file_name == "speedup-cpu-processes.svg");
}

TEST_CASE("charts: GIL modes other than the default are their own lines", "[report][charts]") {
  auto r = test_results::two_builds();
  auto forced = test_results::cell("3.13t", "cpu", 1, 1.0);
  forced.cell.gil_mode = gm::config::GilMode::on;
  r.cells.push_back(forced);
  CHECK_THAT(speedup_charts(r)[0].svg, Catch::Contains(">3.13t, GIL on</text>"));
}

TEST_CASE("charts: the overhead chart only when the results have overhead figures", "[report][charts]") {
  auto r = test_results::two_builds();
  CHECK(overhead_charts(r).empty());
  r.overhead.push_back({"cpu", "threads", "3.13t", "3.13", 0.24, Interval{0.2, 0.28}});
  auto charts = report_charts(r);
  REQUIRE(charts.size() == 2);
  CHECK(charts[1].file_name == "overhead.svg");
  CHECK_THAT(charts[1].svg, Catch::Contains(">cpu (threads): 3.13t vs 3.13</text>"));
}

TEST_CASE("charts: file names are safe and unique", "[report][charts]") {
  CHECK(file_slug("cpu pure/python (v2)") == "cpu-pure-python-v2");
  CHECK(file_slug("../x") == "x");
  CHECK(file_slug("") == "chart");
  auto r = test_results::two_builds();
  r.cells.push_back(test_results::cell("3.13", "cpu!", 1, 1.0));
  auto charts = speedup_charts(r);
  REQUIRE(charts.size() == 2);
  CHECK(charts[0].file_name == "speedup-cpu-threads.svg");
  CHECK(charts[1].file_name == "speedup-cpu-threads-2.svg");
}
