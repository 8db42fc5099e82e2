#include "results/thread_safety.hpp"

#include <cmath>

#include <fmt/format.h>

namespace gm::results {

bool is_problem(ThreadVerdict verdict) {
  return verdict == ThreadVerdict::race || verdict == ThreadVerdict::crash || verdict == ThreadVerdict::hang;
}

// A failure that shows up in a share p of runs escapes n runs with
// probability (1 - p)^n; the smallest p that n clean runs rule out at the
// given confidence solves (1 - p)^n = 1 - confidence.
double detectable_rate(int runs, double confidence) {
  if (runs <= 0) return 1.0;
  return 1.0 - std::pow(1.0 - confidence, 1.0 / runs);
}

std::string detection_statement(int runs, int threads, int iterations) {
  return fmt::format(
      "clean in {} of {} runs with {} threads x {} iterations: a failure that shows up in more than "
      "{:.0f}% of runs would have been seen with 95% probability",
      runs, runs, threads, iterations, std::ceil(100.0 * detectable_rate(runs)));
}

}  // namespace gm::results
