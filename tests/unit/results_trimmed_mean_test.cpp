#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "results/statistics.hpp"
#include "results/trimmed_mean.hpp"

using namespace gm::results;

TEST_CASE("Student's t quantiles: the table and beyond it", "[results][trimmed_mean]") {
  CHECK(student_t_975(1) == Approx(12.706));
  CHECK(student_t_975(2) == Approx(4.303));
  CHECK(student_t_975(30) == Approx(2.042));
  CHECK(student_t_975(31) == Approx(2.040).margin(0.001));
  CHECK(student_t_975(60) == Approx(2.000).margin(0.001));
  CHECK(student_t_975(100000) == Approx(1.960).margin(0.001));
  CHECK(std::isinf(student_t_975(0)));
}

TEST_CASE("trimmed mean: one value has no interval", "[results][trimmed_mean]") {
  auto one = trimmed_mean(std::vector<double>{1.5});
  CHECK(one.estimate == 1.5);
  CHECK_FALSE(one.interval);
  CHECK_FALSE(trimmed_mean(std::vector<double>{}).interval);
}

TEST_CASE("trimmed mean: below six values it is the mean with Student's t", "[results][trimmed_mean]") {
  auto m = trimmed_mean(std::vector<double>{1, 2, 3});
  CHECK(m.estimate == Approx(2));
  REQUIRE(m.interval);
  // s = 1, se = 1 / sqrt(3), t(2) = 4.303
  CHECK(m.interval->high - 2 == Approx(4.303 / std::sqrt(3.0)));
  CHECK(2 - m.interval->low == Approx(4.303 / std::sqrt(3.0)));
  auto five = trimmed_mean(std::vector<double>{1, 2, 3, 4, 5});
  CHECK(five.estimate == Approx(3));
  REQUIRE(five.interval);
  // s^2 = 10 / 4, se = sqrt(10 / 20), t(4) = 2.776
  CHECK(five.interval->high - 3 == Approx(2.776 * std::sqrt(10.0 / 20.0)));
}

TEST_CASE("trimmed mean: one wild value in six moves neither end far", "[results][trimmed_mean]") {
  auto m = trimmed_mean(std::vector<double>{1, 2, 3, 4, 5, 100});
  CHECK(m.estimate == Approx(3.5));  // (2 + 3 + 4 + 5) / 4
  REQUIRE(m.interval);
  // winsorized 2 2 3 4 5 5: squares 9.5, h = 4, se = sqrt(9.5 / 12), t(3)
  CHECK(m.interval->high - 3.5 == Approx(3.182 * std::sqrt(9.5 / 12.0)));
}

namespace {

// Share of `trials` intervals from `rounds` normal values that hold the true mean.
template <typename IntervalOf>
double coverage(int rounds, int trials, IntervalOf interval_of) {
  std::mt19937_64 engine(42);
  std::normal_distribution<double> noise(0.0, 0.07);
  int held = 0;
  for (int t = 0; t < trials; ++t) {
    std::vector<double> values;
    for (int r = 0; r < rounds; ++r) values.push_back(noise(engine));
    auto i = interval_of(values);
    if (i && i->low <= 0 && 0 <= i->high) ++held;
  }
  return static_cast<double>(held) / trials;
}

}  // namespace

TEST_CASE("trimmed mean: its 95% intervals hold the truth 95% of the time, even for three rounds",
          "[results][trimmed_mean]") {
  auto trimmed = [](const std::vector<double>& v) { return trimmed_mean(v).interval; };
  for (int rounds : {3, 4, 5, 6, 8, 12, 16}) {
    INFO(rounds << " rounds");
    CHECK(coverage(rounds, 2000, trimmed) >= 0.93);
  }
  // What it replaced: the bootstrap interval of the median of three rounds is
  // the range of the three, which holds the median only 3/4 of the time.
  auto bootstrap = [](const std::vector<double>& v) {
    return std::optional<Interval>(bootstrap_median_interval(v, seed_for("coverage")));
  };
  CHECK(coverage(3, 2000, bootstrap) < 0.80);
}
