#pragma once
#include <string>
#include <vector>

#include "report/charts.hpp"
#include "results/trend.hpp"

namespace gm::report {

// trend.md: the runs, the verdicts that flipped and when, and per workload a
// table of each series' speedup run by run (with its chart when one is given).
std::string render_trend_markdown(const results::Trend& trend, const std::vector<ChartFile>& charts = {});

}  // namespace gm::report
