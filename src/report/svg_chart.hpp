#pragma once
// Hand-written SVG charts for reports on GitHub: self-contained (no scripts,
// fonts or links), an opaque background and colours that follow the viewer's
// light or dark scheme (prefers-color-scheme), shapes as well as colours to
// tell series apart.
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gm::report {

struct ChartPoint {
  double x = 0;
  double y = 0;
  std::optional<std::pair<double, double>> range;  // drawn as an error bar
  bool doubtful = false;                           // drawn hollow: unstable or disturbed
};

struct ChartSeries {
  std::string name;
  std::vector<ChartPoint> points;  // in x order
  // Colour, marker and dash: the same style for the same name in every chart
  // of a report (charts.cpp assigns them); -1: by position in this chart.
  int style = -1;
};

struct LineChart {
  std::string title;
  std::string x_label;
  std::string y_label;
  std::vector<ChartSeries> series;
  // Labelled x positions; empty: each distinct x of the points, labelled with its value.
  std::vector<std::pair<double, std::string>> x_ticks;
  bool ideal_line = false;  // y = x, the perfect weak-scaling speedup
  std::string note;         // a line under the chart
};

struct ChartBar {
  std::string label;
  double value = 0;
  std::optional<std::pair<double, double>> range;
};

struct BarChart {
  std::string title;
  std::string value_label;
  std::vector<ChartBar> bars;
  bool percent = false;  // values are fractions shown as percentages
  std::string note;
};

std::string render_line_chart(const LineChart& chart);
std::string render_bar_chart(const BarChart& chart);

}  // namespace gm::report
