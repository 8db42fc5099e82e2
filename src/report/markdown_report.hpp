#pragma once
#include <string>
#include <vector>

#include "results/model.hpp"

namespace gm::report {

// A chart written beside report.md, shown in it by a relative link.
struct ChartLink {
  std::string file;  // relative to report.md
  std::string title;
};

// report.md: environment, builds, charts, one scaling table per workload,
// failures, notes and the command that reproduces the run. Readable on GitHub.
std::string render_markdown(const results::RunResults& results, const std::vector<ChartLink>& charts = {});

}  // namespace gm::report
