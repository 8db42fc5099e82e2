#pragma once
// The estimate and 95% interval of a quantity measured once per round.
//
// A 20% trimmed mean with the Tukey-McLaughlin interval (Yuen's standard
// error from the winsorized variance, Student's t with n - 2g - 1 degrees of
// freedom): as efficient as the mean when rounds differ by ordinary noise, and
// not dragged by one slow round in six (a round that straddles a slow spell
// of the host). Below six rounds nothing is trimmed and it is the mean with
// Student's t interval: trimming one of five leaves 2 degrees of freedom
// (t = 4.30 against 2.78), and in simulation its intervals were 40% wider
// than the mean's on clean rounds and still wider with one round in ten off
// by 50%; from six on the robustness is worth its price.
// Few rounds give wide intervals, as they have to: the median of 3 rounds lies
// between their lowest and highest only 75% of the time. One round gives an
// estimate and no interval.
#include <cstddef>
#include <optional>
#include <span>

#include "results/model.hpp"

namespace gm::results {

// Share trimmed from each end.
inline constexpr double kTrimmedShare = 0.2;
// Fewest values that are trimmed at all.
inline constexpr std::size_t kFewestTrimmed = 6;

// The 0.975 quantile of Student's t distribution (two-sided 95%).
double student_t_975(int degrees_of_freedom);

struct TrimmedMean {
  double estimate = 0;
  std::optional<Interval> interval;  // absent for a single value
};

TrimmedMean trimmed_mean(std::span<const double> values);

}  // namespace gm::results
