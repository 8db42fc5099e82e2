#include "results/statistics.hpp"

#include <fmt/format.h>

#include "results/paired.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <vector>

namespace gm::results {

std::string confidence_percent() { return fmt::format("{:.0f}%", kConfidence * 100); }

namespace {

// Median of values[0..n) in place (the buffer's order is not kept).
double median_in_place(std::vector<double>& values) {
  auto n = values.size();
  auto middle = values.begin() + static_cast<std::ptrdiff_t>(n / 2);
  std::nth_element(values.begin(), middle, values.end());
  if (n % 2) return *middle;
  double upper = *middle;
  double lower = *std::max_element(values.begin(), middle);
  return (lower + upper) / 2;
}

class Resampler {
 public:
  explicit Resampler(std::uint64_t seed) : engine_(seed) {}
  double median_of_resample(std::span<const double> samples) {
    buffer_.resize(samples.size());
    std::uniform_int_distribution<std::size_t> pick(0, samples.size() - 1);
    for (auto& value : buffer_) value = samples[pick(engine_)];
    return median_in_place(buffer_);
  }

 private:
  std::mt19937_64 engine_;
  std::vector<double> buffer_;
};

Interval percentile_interval(std::vector<double>& figures) {
  std::sort(figures.begin(), figures.end());
  const double tail = (1 - kConfidence) / 2;
  auto at = [&](double q) {
    double position = q * static_cast<double>(figures.size() - 1);
    auto low = static_cast<std::size_t>(std::floor(position));
    auto high = std::min(low + 1, figures.size() - 1);
    double fraction = position - static_cast<double>(low);
    return figures[low] + (figures[high] - figures[low]) * fraction;
  };
  return {at(tail), at(1 - tail)};
}

}  // namespace

double median(std::span<const double> values) {
  if (values.empty()) return 0;
  std::vector<double> copy(values.begin(), values.end());
  return median_in_place(copy);
}

double mean(std::span<const double> values) {
  if (values.empty()) return 0;
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double standard_deviation(std::span<const double> values) {
  if (values.size() < 2) return 0;
  double m = mean(values), sum = 0;
  for (double v : values) sum += (v - m) * (v - m);
  return std::sqrt(sum / static_cast<double>(values.size() - 1));
}

double coefficient_of_variation(std::span<const double> values) {
  double m = mean(values);
  return values.size() < 2 || m == 0 ? 0 : standard_deviation(values) / m;
}

std::uint64_t seed_for(std::string_view name) {
  std::uint64_t hash = 1469598103934665603ULL;  // FNV-1a
  for (unsigned char c : name) hash = (hash ^ c) * 1099511628211ULL;
  return hash;
}

Interval bootstrap_median_interval(std::span<const double> samples, std::uint64_t seed) {
  if (samples.empty()) return {};
  Resampler resampler(seed);
  std::vector<double> figures(kResamples);
  for (auto& f : figures) f = resampler.median_of_resample(samples);
  return percentile_interval(figures);
}

Interval bootstrap_ratio_interval(std::span<const double> numerator, std::span<const double> denominator, double scale,
                                  std::uint64_t seed) {
  if (numerator.empty() || denominator.empty()) return {};
  Resampler resampler(seed);
  std::vector<double> figures;
  figures.reserve(kResamples);
  for (int i = 0; i < kResamples; ++i) {
    double top = resampler.median_of_resample(numerator);
    double bottom = resampler.median_of_resample(denominator);
    if (bottom > 0) figures.push_back(scale * top / bottom);
  }
  if (figures.empty()) return {};
  return percentile_interval(figures);
}

void summarize_samples(CellResult& cell, double unstable_cv) {
  cell.median_seconds = median(cell.samples);
  cell.median_interval.reset();
  if (!cell.samples.empty()) cell.median_interval = bootstrap_median_interval(cell.samples, seed_for(cell.cell.key()));
  cell.cv = coefficient_of_variation(cell.samples);
  cell.unstable = cell.cv > unstable_cv;
  cell.cores_busy_median = median(cell.cores_busy);
}

const CellResult* baseline_of(const std::vector<CellResult>& cells, const CellResult& cell) {
  for (const auto& c : cells)
    if (c.cell.workers == 1 && c.status == CellStatus::ok && c.median_seconds > 0 &&
        c.cell.series_key() == cell.cell.series_key())
      return &c;
  return nullptr;
}

void compute_speedups(std::vector<CellResult>& cells) {
  std::map<std::string, const CellResult*> baseline;
  for (const auto& c : cells)
    if (c.cell.workers == 1 && c.status == CellStatus::ok && c.median_seconds > 0) baseline[c.cell.series_key()] = &c;
  for (auto& c : cells) {
    c.speedup.reset();
    c.speedup_interval.reset();
    c.efficiency.reset();
    auto it = baseline.find(c.cell.series_key());
    if (c.status != CellStatus::ok || c.median_seconds <= 0 || it == baseline.end()) continue;
    const CellResult& base = *it->second;
    const double n = c.cell.workers;
    c.speedup = n * base.median_seconds / c.median_seconds;
    // 1 worker is the baseline itself: its speedup is 1 by definition.
    if (c.cell.workers > 1) {
      // Measured in the same rounds: the ratio is taken round by round.
      if (auto paired = paired_ratio(base, c, round_seconds, n)) {
        c.speedup = paired->estimate;
        c.speedup_interval = paired->interval;
      } else {
        c.speedup_interval = bootstrap_ratio_interval(base.samples, c.samples, n, seed_for(c.cell.key()));
      }
    }
    c.efficiency = *c.speedup / n;
  }
}

}  // namespace gm::results
