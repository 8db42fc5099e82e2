#include "results/trimmed_mean.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

namespace gm::results {

double student_t_975(int degrees_of_freedom) {
  static constexpr std::array<double, 30> table{12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                                2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                                2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (degrees_of_freedom < 1) return std::numeric_limits<double>::infinity();
  if (degrees_of_freedom <= 30) return table[static_cast<std::size_t>(degrees_of_freedom - 1)];
  // Cornish-Fisher expansion around the normal quantile: within 0.001 from 30 on.
  const double z = 1.959964, v = degrees_of_freedom;
  return z + (z * z * z + z) / (4 * v) + (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * v * v);
}

TrimmedMean trimmed_mean(std::span<const double> values) {
  TrimmedMean out;
  if (values.empty()) return out;
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  const auto n = sorted.size();
  const auto g = n < kFewestTrimmed ? std::size_t{0}
                                    : static_cast<std::size_t>(std::floor(kTrimmedShare * static_cast<double>(n)));
  const auto h = n - 2 * g;  // values kept
  double sum = 0;
  for (std::size_t i = g; i < n - g; ++i) sum += sorted[i];
  out.estimate = sum / static_cast<double>(h);
  if (n < 2 || h < 2) return out;
  // Winsorized: the g lowest set to the lowest kept value, the g highest to the highest.
  std::vector<double> winsorized(sorted);
  for (std::size_t i = 0; i < g; ++i) {
    winsorized[i] = sorted[g];
    winsorized[n - 1 - i] = sorted[n - 1 - g];
  }
  double wmean = 0;
  for (double v : winsorized) wmean += v;
  wmean /= static_cast<double>(n);
  double squares = 0;
  for (double v : winsorized) squares += (v - wmean) * (v - wmean);
  const double standard_error = std::sqrt(squares / (static_cast<double>(h) * static_cast<double>(h - 1)));
  const double half = student_t_975(static_cast<int>(h) - 1) * standard_error;
  out.interval = Interval{out.estimate - half, out.estimate + half};
  return out;
}

}  // namespace gm::results
