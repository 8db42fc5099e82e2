#include <catch2/catch.hpp>

#include "report/svg_chart.hpp"

using namespace gm::report;

namespace {

LineChart scaling_chart() {
  LineChart chart;
  chart.title = "cpu <pure> & \"python\"";
  chart.x_label = "workers";
  chart.y_label = "speedup";
  chart.ideal_line = true;
  chart.series = {{"3.13t", {{1, 1, std::nullopt, false}, {2, 1.9, std::pair{1.8, 2.0}, false}}},
                  {"3.13", {{1, 1, std::nullopt, false}, {2, 1.0, std::nullopt, true}}}};
  return chart;
}

}  // namespace

TEST_CASE("svg chart: self-contained, opaque, light and dark", "[report][svg_chart]") {
  auto svg = render_line_chart(scaling_chart());
  CHECK(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760.0\""));
  CHECK(svg.ends_with("</svg>\n"));
  CHECK_THAT(svg, Catch::Contains("<rect class=\"bg\" x=\"0\" y=\"0\""));
  CHECK_THAT(svg, Catch::Contains("@media (prefers-color-scheme: dark)"));
  CHECK(svg.find("<script") == std::string::npos);
  CHECK(svg.find("@import") == std::string::npos);
  CHECK(svg.find("href") == std::string::npos);
  // The only URL is the SVG namespace.
  CHECK(svg.find("http") == svg.find("http://www.w3.org/2000/svg"));
  CHECK(svg.find("http", svg.find("http") + 1) == std::string::npos);
}

TEST_CASE("svg chart: text is escaped, series are named, the ideal line is drawn", "[report][svg_chart]") {
  auto svg = render_line_chart(scaling_chart());
  CHECK_THAT(svg, Catch::Contains("<title id=\"chart-title\">cpu &lt;pure&gt; &amp; &quot;python&quot;</title>"));
  CHECK_THAT(svg, Catch::Contains(">3.13t</text>"));
  CHECK_THAT(svg, Catch::Contains(">ideal (N workers: Nx)</text>"));
  CHECK_THAT(svg, Catch::Contains("class=\"ideal\""));
  CHECK_THAT(svg, Catch::Contains("class=\"c1 hollow\""));  // the doubtful point of the second series
  CHECK_THAT(svg, Catch::Contains("<path class=\"c0\""));   // the interval of the first series
}

TEST_CASE("svg chart: long names are cut on a character boundary", "[report][svg_chart]") {
  auto chart = scaling_chart();
  chart.series[0].name = std::string(28, 'x') + "ééé";
  auto svg = render_line_chart(chart);
  CHECK_THAT(svg, Catch::Contains(">" + std::string(28, 'x') + "…</text>"));
}

TEST_CASE("svg chart: bars for positive and negative values with percentages", "[report][svg_chart]") {
  BarChart chart;
  chart.title = "overhead";
  chart.percent = true;
  chart.bars = {{"cpu: 3.13t vs 3.13", 0.24, std::pair{0.2, 0.3}}, {"io: 3.13t vs 3.13", -0.05, std::nullopt}};
  auto svg = render_bar_chart(chart);
  CHECK_THAT(svg, Catch::Contains(">+24%</text>"));
  CHECK_THAT(svg, Catch::Contains(">-5%</text>"));
  CHECK_THAT(svg, Catch::Contains("<rect class=\"f1\""));
  CHECK_THAT(svg, Catch::Contains("<rect class=\"f2\""));
}

TEST_CASE("svg chart: an empty chart is still a valid picture", "[report][svg_chart]") {
  LineChart chart;
  chart.title = "nothing";
  auto svg = render_line_chart(chart);
  CHECK(svg.ends_with("</svg>\n"));
  CHECK(svg.find("nan") == std::string::npos);
  CHECK(svg.find("inf") == std::string::npos);
}
