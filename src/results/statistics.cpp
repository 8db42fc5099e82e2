#include "results/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <vector>

namespace gm::results {

double median(std::span<const double> values) {
  if (values.empty()) return 0;
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  auto n = sorted.size();
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

double mean(std::span<const double> values) {
  if (values.empty()) return 0;
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double coefficient_of_variation(std::span<const double> values) {
  if (values.size() < 2) return 0;
  double m = mean(values);
  if (m == 0) return 0;
  double sum = 0;
  for (double v : values) sum += (v - m) * (v - m);
  return std::sqrt(sum / static_cast<double>(values.size() - 1)) / m;
}

void summarize_samples(CellResult& cell, double unstable_cv) {
  cell.median_seconds = median(cell.samples);
  cell.cv = coefficient_of_variation(cell.samples);
  cell.unstable = cell.cv > unstable_cv;
}

void compute_speedups(std::vector<CellResult>& cells) {
  std::map<std::string, double> baseline;
  for (const auto& c : cells)
    if (c.cell.workers == 1 && c.status == cell_status::ok && c.median_seconds > 0)
      baseline[c.cell.series_key()] = c.median_seconds;
  for (auto& c : cells) {
    c.speedup.reset();
    auto it = baseline.find(c.cell.series_key());
    if (c.status == cell_status::ok && c.median_seconds > 0 && it != baseline.end())
      c.speedup = c.cell.workers * it->second / c.median_seconds;
  }
}

}  // namespace gm::results
