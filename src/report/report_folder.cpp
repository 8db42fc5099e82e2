#include "report/report_folder.hpp"

#include <set>

#include "report/charts.hpp"
#include "report/markdown_report.hpp"

namespace gm::report {

namespace {

bool is_chart_name(const std::string& name) {
  return name.ends_with(".svg") && (name.starts_with("speedup-") || name == "overhead.svg");
}

}  // namespace

void write_report_folder(OutputFolder& folder, const results::RunResults& results) {
  std::vector<ChartLink> links;
  std::set<std::string> drawn;
  for (const auto& chart : report_charts(results)) {
    folder.write_file(chart.file_name, chart.svg);
    links.push_back({chart.file_name, chart.title});
    drawn.insert(chart.file_name);
  }
  std::vector<std::string> stale;
  for (const auto& name : folder.written())
    if (is_chart_name(name) && !drawn.contains(name)) stale.push_back(name);
  for (const auto& name : stale) folder.remove_own(name);
  folder.write_file("report.md", render_markdown(results, links));
}

}  // namespace gm::report
