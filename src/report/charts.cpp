#include "report/charts.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "report/svg_chart.hpp"
#include "results/statistics.hpp"

namespace gm::report {
namespace {

std::string doubtful_note() {
  return fmt::format("Hollow marks: unstable, disturbed or implausible cells; bars: {} intervals.",
                     results::confidence_percent());
}

std::string series_name(const config::Cell& cell) {
  if (cell.gil_mode == config::GilMode::default_mode) return cell.build;
  return fmt::format("{}, GIL {}", cell.build, config::to_string(cell.gil_mode));
}

// Two workloads whose names differ only in punctuation still get two files.
std::string unique_name(std::set<std::string>& taken, const std::string& stem) {
  std::string name = stem + ".svg";
  for (int n = 2; taken.contains(name); ++n) name = fmt::format("{}-{}.svg", stem, n);
  taken.insert(name);
  return name;
}

}  // namespace

std::string file_slug(const std::string& text) {
  std::string out;
  for (char c : text) {
    bool keep =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (keep)
      out += c;
    else if (out.empty() || out.back() != '-')
      out += '-';
  }
  while (!out.empty() && (out.front() == '.' || out.front() == '-')) out.erase(out.begin());
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "chart" : out;
}

std::vector<ChartFile> speedup_charts(const results::RunResults& r) {
  // (workload, executor) -> series name -> points, all in first-seen order.
  std::vector<std::pair<std::string, config::Executor>> charts;
  std::map<std::pair<std::string, config::Executor>, std::vector<ChartSeries>> series;
  std::map<std::pair<std::string, config::Executor>, bool> any_doubtful;
  std::map<std::string, int> styles;  // series name -> its style in every chart of the report
  for (const auto& c : r.cells) {
    if (c.status != results::CellStatus::ok || !c.speedup) continue;
    std::pair key{c.cell.workload, c.cell.executor};
    if (!series.contains(key)) charts.push_back(key);
    auto& lines = series[key];
    auto name = series_name(c.cell);
    auto line = std::find_if(lines.begin(), lines.end(), [&](const ChartSeries& s) { return s.name == name; });
    auto style = styles.emplace(name, static_cast<int>(styles.size())).first->second;
    if (line == lines.end()) line = lines.insert(lines.end(), ChartSeries{name, {}, style});
    ChartPoint point{static_cast<double>(c.cell.workers), *c.speedup, std::nullopt,
                     c.unstable || c.disturbed || c.implausible};
    if (c.speedup_interval) point.range = std::pair{c.speedup_interval->low, c.speedup_interval->high};
    line->points.push_back(point);
    any_doubtful[key] = any_doubtful[key] || point.doubtful;
  }
  std::set<std::string> taken;
  std::vector<ChartFile> out;
  for (const auto& key : charts) {
    LineChart chart;
    chart.title = fmt::format("{}, {}: speedup by workers", key.first, config::to_string(key.second));
    chart.x_label = "workers";
    chart.y_label = "speedup over 1 worker";
    chart.ideal_line = true;
    chart.series = series[key];
    for (auto& s : chart.series)
      std::sort(s.points.begin(), s.points.end(), [](const auto& a, const auto& b) { return a.x < b.x; });
    if (any_doubtful[key]) chart.note = doubtful_note();
    auto name = unique_name(taken, "speedup-" + file_slug(key.first) + "-" + config::to_string(key.second));
    out.push_back({name, chart.title, render_line_chart(chart), key.first});
  }
  return out;
}

std::vector<ChartFile> trend_charts(const results::Trend& trend) {
  std::set<std::string> taken;
  std::vector<ChartFile> out;
  // A run is labelled with its date; where runs share a date, with the time
  // too, and where they share that, with their number.
  std::map<std::string, int> per_date, per_label;
  for (const auto& run : trend.runs) {
    ++per_date[run.label.substr(0, 10)];
    ++per_label[run.label];
  }
  std::vector<std::pair<double, std::string>> ticks;
  for (std::size_t i = 0; i < trend.runs.size(); ++i) {
    const auto& label = trend.runs[i].label;
    std::string tick = per_date[label.substr(0, 10)] == 1 ? label.substr(0, 10) : label;
    if (per_label[label] > 1) tick += fmt::format(" #{}", i + 1);
    ticks.emplace_back(static_cast<double>(i), tick);
  }
  std::map<std::string, int> styles;  // series name -> style, the same in every trend chart
  for (const auto& s : trend.series) styles.emplace(s.name(), static_cast<int>(styles.size()));
  for (const auto& workload : trend.workloads) {
    LineChart chart;
    chart.title = fmt::format("{}: speedup at {} workers, run by run", workload, trend.workers.at(workload));
    chart.x_label = "run (start date)";
    chart.y_label = "speedup over 1 worker";
    chart.x_ticks = ticks;
    bool doubtful = false;
    for (const auto& s : trend.series) {
      if (s.workload != workload) continue;
      ChartSeries line{s.name(), {}, styles.at(s.name())};
      for (std::size_t i = 0; i < s.points.size(); ++i) {
        const auto& p = s.points[i];
        if (!p.speedup) continue;
        ChartPoint point{static_cast<double>(i), *p.speedup, std::nullopt, p.doubtful};
        if (p.interval) point.range = std::pair{p.interval->low, p.interval->high};
        line.points.push_back(point);
        doubtful = doubtful || p.doubtful;
      }
      if (!line.points.empty()) chart.series.push_back(std::move(line));
    }
    if (chart.series.empty()) continue;
    if (doubtful) chart.note = doubtful_note();
    auto name = unique_name(taken, "trend-" + file_slug(workload));
    out.push_back({name, chart.title, render_line_chart(chart), workload});
  }
  return out;
}

std::vector<ChartFile> overhead_charts(const results::RunResults& r) {
  if (r.overhead.empty()) return {};
  BarChart chart;
  chart.title = "Free-threading overhead at 1 worker";
  chart.value_label = "time of the free-threaded build over the GIL build's, minus 1 (right: slower)";
  chart.percent = true;
  for (const auto& o : r.overhead) {
    ChartBar bar{fmt::format("{}{}: {} vs {}", o.workload, o.executor.empty() ? "" : " (" + o.executor + ")",
                             o.free_threaded_build, o.gil_build),
                 o.slowdown, std::nullopt};
    if (o.interval) bar.range = std::pair{o.interval->low, o.interval->high};
    chart.bars.push_back(bar);
  }
  return {{"overhead.svg", chart.title, render_bar_chart(chart), ""}};
}

std::vector<ChartFile> report_charts(const results::RunResults& r) {
  auto out = overhead_charts(r);
  auto speedups = speedup_charts(r);
  out.insert(out.begin(), speedups.begin(), speedups.end());
  return out;
}

}  // namespace gm::report
