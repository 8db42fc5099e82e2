#include <catch2/catch.hpp>

#include "report/charts.hpp"
#include "report/svg_chart.hpp"
#include "results/trend.hpp"
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

namespace {

// The colour class of the polyline drawn for `series` (its <g> has a <title> with the name).
std::string line_class(const std::string& svg, const std::string& series) {
  auto at = svg.find("<title>" + series + "</title>");
  if (at == std::string::npos) return "";
  auto line = svg.find("class=\"line ", at);
  auto end = svg.find('"', line + 12);
  return svg.substr(line + 12, end - line - 12);
}

}  // namespace

TEST_CASE("charts: a build keeps its colour and marker in every chart of a report", "[report][charts]") {
  auto r = test_results::two_builds();
  // processes: only 3.13t, so it is the first (and only) series of that chart.
  r.cells.push_back(test_results::cell("3.13t", "cpu", 1, 1.0, std::nullopt, gm::config::Executor::processes));
  r.cells.push_back(test_results::cell("3.13t", "cpu", 2, 1.9, std::nullopt, gm::config::Executor::processes));
  auto charts = speedup_charts(r);
  REQUIRE(charts.size() == 2);
  auto threads = line_class(charts[0].svg, "3.13t"), processes = line_class(charts[1].svg, "3.13t");
  CHECK_FALSE(threads.empty());
  CHECK(threads == processes);
  CHECK(line_class(charts[0].svg, "3.13") != threads);
}

TEST_CASE("charts: series at equal values are drawn beside each other", "[report][charts]") {
  LineChart chart;
  chart.series = {{"a", {{1, 1.0}, {2, 1.0}}}, {"b", {{1, 1.0}, {2, 1.0}}}};
  auto svg = render_line_chart(chart);
  auto a = svg.find("<title>a</title>"), b = svg.find("<title>b</title>");
  auto points_of = [&](std::size_t from) {
    auto at = svg.find("points=\"", from) + 8;
    return svg.substr(at, svg.find('"', at) - at);
  };
  CHECK(points_of(a) != points_of(b));
}

TEST_CASE("charts: trend runs that share a date are told apart on the axis", "[report][charts]") {
  auto run = [](const std::string& started) {
    auto r = test_results::two_builds();
    r.started_at = started;
    return TrendInput{started, r};
  };
  auto trend = compute_trend({run("2026-12-01T02:00:00Z"), run("2026-12-01T14:30:00Z"), run("2026-12-02T02:00:00Z")});
  auto charts = trend_charts(trend);
  REQUIRE_FALSE(charts.empty());
  CHECK_THAT(charts[0].svg, Catch::Contains(">2026-12-01 02:00</text>"));
  CHECK_THAT(charts[0].svg, Catch::Contains(">2026-12-01 14:30</text>"));
  CHECK_THAT(charts[0].svg, Catch::Contains(">2026-12-02</text>"));
}
