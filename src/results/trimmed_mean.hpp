#pragma once
// The estimate and 95% interval of a quantity measured once per round.
//
// A 20% trimmed mean with the Tukey-McLaughlin interval (Yuen's standard
// error from the winsorized variance, Student's t with n - 2g - 1 degrees of
// freedom): as efficient as the mean when rounds differ by ordinary noise, and
// not dragged by one slow round in five. Below five rounds nothing is trimmed
// and it is the mean with Student's t interval, which is wide for few rounds,
// as it has to be: the median of 3 rounds lies between their lowest and
// highest only 75% of the time. One round gives an estimate and no interval.
#include <optional>
#include <span>

#include "results/model.hpp"

namespace gm::results {

// Share trimmed from each end.
inline constexpr double kTrimmedShare = 0.2;

// The 0.975 quantile of Student's t distribution (two-sided 95%).
double student_t_975(int degrees_of_freedom);

struct TrimmedMean {
  double estimate = 0;
  std::optional<Interval> interval;  // absent for a single value
};

TrimmedMean trimmed_mean(std::span<const double> values);

}  // namespace gm::results
