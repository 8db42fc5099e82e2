#pragma once
// Which charts a report has, drawn with svg_chart.
#include <string>
#include <vector>

#include "results/model.hpp"
#include "results/trend.hpp"

namespace gm::report {

struct ChartFile {
  std::string file_name;  // relative, beside report.md: "speedup-cpu-pure-python-threads.svg"
  std::string title;
  std::string svg;
  std::string workload;  // the workload it shows, if one
};

// Per workload and executor: speedup against workers, one line per build (and
// GIL mode), with the ideal line and each speedup's interval.
std::vector<ChartFile> speedup_charts(const results::RunResults& results);

// The free-threading overhead at one worker, one bar per workload and build pair;
// nothing when the results have no overhead figures.
std::vector<ChartFile> overhead_charts(const results::RunResults& results);

// Per workload: the speedup of each series over the runs of a trend.
std::vector<ChartFile> trend_charts(const results::Trend& trend);

// Both, in the order the report shows them.
std::vector<ChartFile> report_charts(const results::RunResults& results);

// A name made of letters, digits, '.', '_' and '-' only, for file names.
std::string file_slug(const std::string& text);

}  // namespace gm::report
