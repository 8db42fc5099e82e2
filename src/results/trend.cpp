#include "results/trend.hpp"

#include "results/findings.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "util/strings.hpp"

namespace gm::results {

std::string TrendSeries::name() const {
  return gil_mode == "default" ? fmt::format("{} {}", build, executor)
                               : fmt::format("{} {}, GIL {}", build, executor, gil_mode);
}

namespace {

std::string run_label(const std::string& started_at) {
  // "2026-11-20T02:00:00Z" -> "2026-11-20 02:00"
  if (started_at.size() < 16) return started_at;
  return started_at.substr(0, 10) + " " + started_at.substr(11, 5);
}

// A build that is in one run and not the next is absent, not changed: it
// goes to the notes, and only a build in both runs whose status changed flips.
bool is_flip(const Change& change) {
  if (change.kind == "build") return !change.before.empty() && !change.after.empty();
  return (change.kind == "module" || change.kind == "install" || change.kind == "together") &&
         (change.severity == Severity::regression || change.severity == Severity::improvement);
}

}  // namespace

Trend compute_trend(std::vector<TrendInput> inputs) {
  std::stable_sort(inputs.begin(), inputs.end(),
                   [](const auto& a, const auto& b) { return a.results.started_at < b.results.started_at; });
  Trend trend;
  for (const auto& in : inputs)
    trend.runs.push_back({in.origin, in.results.started_at, run_label(in.results.started_at)});

  // The worker count shown per workload: the largest the newest run that has it measured with a speedup.
  for (auto run = inputs.rbegin(); run != inputs.rend(); ++run) {
    std::map<std::string, int> largest;
    for (const auto& c : run->results.cells)
      if (c.status == CellStatus::ok && c.speedup)
        largest[c.cell.workload] = std::max(largest[c.cell.workload], c.cell.workers);
    for (const auto& [workload, workers] : largest) trend.workers.emplace(workload, workers);  // newer runs win
  }
  // Workloads in the order the oldest run that has them lists them.
  std::vector<std::string> ordered;
  for (const auto& in : inputs)
    for (const auto& c : in.results.cells)
      if (trend.workers.contains(c.cell.workload) &&
          std::find(ordered.begin(), ordered.end(), c.cell.workload) == ordered.end())
        ordered.push_back(c.cell.workload);
  trend.workloads = ordered;

  std::map<std::string, std::size_t> series_index;  // series key -> position in trend.series
  for (std::size_t run = 0; run < inputs.size(); ++run)
    for (const auto& c : inputs[run].results.cells) {
      auto shown = trend.workers.find(c.cell.workload);
      if (shown == trend.workers.end() || c.cell.workers != shown->second) continue;
      auto key = c.cell.series_key();
      auto it = series_index.find(key);
      if (it == series_index.end()) {
        it = series_index.emplace(key, trend.series.size()).first;
        trend.series.push_back({c.cell.workload, c.cell.build, config::to_string(c.cell.executor),
                                config::to_string(c.cell.gil_mode), std::vector<TrendPoint>(inputs.size())});
      }
      if (c.status == CellStatus::ok && c.speedup)
        trend.series[it->second].points[run] = {
            c.speedup, c.speedup_interval,
            imprecise(c, inputs[run].results.measurement.precision) || c.disturbed || c.implausible};
    }
  std::stable_sort(trend.series.begin(), trend.series.end(), [&](const auto& a, const auto& b) {
    auto rank = [&](const std::string& w) { return std::find(ordered.begin(), ordered.end(), w) - ordered.begin(); };
    return rank(a.workload) < rank(b.workload);
  });

  for (std::size_t run = 1; run < inputs.size(); ++run)
    for (auto& change : compare_results(inputs[run - 1].results, inputs[run].results).changes)
      if (is_flip(change)) trend.flips.push_back({run, std::move(change)});

  std::map<std::string, std::vector<std::string>> runs_of_matrix;  // "name (sha 1234abcd)" -> run labels
  std::map<std::string, std::vector<std::string>> absent_from;     // build -> labels of runs without it
  std::set<std::string> every_build;
  for (const auto& in : inputs)
    for (const auto& b : in.results.builds) every_build.insert(b.name);
  for (std::size_t run = 0; run < inputs.size(); ++run) {
    const auto& r = inputs[run].results;
    runs_of_matrix[fmt::format("{} ({})", r.matrix_name, r.matrix_sha256.substr(0, 8))].push_back(
        trend.runs[run].label);
    for (const auto& name : every_build)
      if (!r.find_build(name)) absent_from[name].push_back(trend.runs[run].label);
  }
  if (runs_of_matrix.size() > 1) {
    std::vector<std::string> parts;
    for (const auto& [matrix, labels] : runs_of_matrix)
      parts.push_back(fmt::format("{} in {} run{}", matrix, labels.size(), labels.size() == 1 ? "" : "s"));
    trend.notes.push_back("the runs come from different matrices or matrix files: " + join(parts, ", ") +
                          "; a series one of them lacks shows gaps, and its figures may not be comparable");
  }
  for (const auto& [build, labels] : absent_from)
    trend.notes.push_back(fmt::format("build {} is absent from {} run{} ({}): a gap, not a change", build,
                                      labels.size(), labels.size() == 1 ? "" : "s", join(labels, ", ")));
  return trend;
}

}  // namespace gm::results
