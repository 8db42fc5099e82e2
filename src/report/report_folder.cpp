#include "report/report_folder.hpp"

#include "report/charts.hpp"
#include "report/markdown_report.hpp"
#include "util/paths.hpp"

namespace gm::report {

void write_report_folder(const std::filesystem::path& dir, const results::RunResults& results) {
  namespace fs = std::filesystem;
  fs::create_directories(dir);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    auto name = entry.path().filename().string();
    if (entry.path().extension() == ".svg" && (name.starts_with("speedup-") || name == "overhead.svg"))
      fs::remove(entry.path(), ec);
  }
  std::vector<ChartLink> links;
  for (const auto& chart : report_charts(results)) {
    write_file_atomically(dir / chart.file_name, chart.svg);
    links.push_back({chart.file_name, chart.title});
  }
  write_file_atomically(dir / "report.md", render_markdown(results, links));
}

}  // namespace gm::report
