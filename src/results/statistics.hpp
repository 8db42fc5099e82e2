#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "results/model.hpp"

namespace gm::results {

double median(std::span<const double> values);
double mean(std::span<const double> values);
// Sample standard deviation; 0 for fewer than two values.
double standard_deviation(std::span<const double> values);
// Sample standard deviation divided by the mean; 0 for fewer than two values.
double coefficient_of_variation(std::span<const double> values);

// Percentile bootstrap (2000 resamples, deterministic for a given seed):
// the range that holds the middle `confidence` share of the resampled figure.
inline constexpr double kConfidence = 0.95;
inline constexpr int kResamples = 2000;
// kConfidence as reports write it: "95%".
std::string confidence_percent();
// The median of `samples`.
Interval bootstrap_median_interval(std::span<const double> samples, std::uint64_t seed);
// scale * median(numerator) / median(denominator), both resampled independently.
Interval bootstrap_ratio_interval(std::span<const double> numerator, std::span<const double> denominator, double scale,
                                  std::uint64_t seed);
// A seed that depends only on a name, so a re-rendered result gets the same interval.
std::uint64_t seed_for(std::string_view name);

// Fills median, its interval, cv and `unstable` of one cell from its samples,
// and the median of its cores-busy figures.
void summarize_samples(CellResult& cell, double unstable_cv);

// speedup(N) = N * t(1) / t(N) within each scaling series (weak scaling, as
// CPython's Tools/ftscalingbench computes it) and the efficiency speedup / N.
// Cells measured in paired rounds (results/paired.hpp): the trimmed mean of
// the per-round ratios with a t interval over rounds; otherwise the ratio
// of the medians with a bootstrap interval over the samples of both cells.
// Cells whose series has no successful 1-worker cell get no speedup.
void compute_speedups(std::vector<CellResult>& cells);

// The 1-worker cell of a cell's series, if it measured.
const CellResult* baseline_of(const std::vector<CellResult>& cells, const CellResult& cell);

}  // namespace gm::results
