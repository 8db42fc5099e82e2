#pragma once
#include <span>

#include "results/model.hpp"

namespace gm::results {

double median(std::span<const double> values);
double mean(std::span<const double> values);
// Sample standard deviation divided by the mean; 0 for fewer than two values.
double coefficient_of_variation(std::span<const double> values);

// Fills median, cv and `unstable` of one cell from its samples.
void summarize_samples(CellResult& cell, double unstable_cv);

// speedup(N) = N * median(1) / median(N) within each scaling series (weak
// scaling, as CPython's Tools/ftscalingbench computes it). Cells whose series
// has no successful 1-worker cell get no speedup.
void compute_speedups(std::vector<CellResult>& cells);

}  // namespace gm::results
