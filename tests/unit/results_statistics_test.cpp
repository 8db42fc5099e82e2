#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "results/statistics.hpp"

using namespace gm::results;

namespace {

CellResult cell(int workers, double median_seconds, CellStatus status = CellStatus::ok,
                gm::config::Executor executor = gm::config::Executor::threads) {
  CellResult c;
  c.cell.build = "3.13t";
  c.cell.workload = "cpu";
  c.cell.executor = executor;
  c.cell.workers = workers;
  c.status = std::move(status);
  c.median_seconds = median_seconds;
  return c;
}

}  // namespace

TEST_CASE("median of an odd number of values is the middle one", "[results][statistics]") {
  std::vector<double> values{3.0, 1.0, 2.0};
  CHECK(median(values) == 2.0);
  std::vector<double> one{7.5};
  CHECK(median(one) == 7.5);
}

TEST_CASE("median of an even number of values averages the middle two", "[results][statistics]") {
  std::vector<double> values{4.0, 1.0, 3.0, 2.0};
  CHECK(median(values) == 2.5);
}

TEST_CASE("median and mean of nothing are zero", "[results][statistics]") {
  std::vector<double> none;
  CHECK(median(none) == 0.0);
  CHECK(mean(none) == 0.0);
}

TEST_CASE("coefficient_of_variation uses the sample standard deviation", "[results][statistics]") {
  std::vector<double> values{2.0, 4.0};  // mean 3, sample sd sqrt(2)
  CHECK(coefficient_of_variation(values) == Approx(std::sqrt(2.0) / 3.0));
  std::vector<double> five{1.0, 2.0, 3.0, 4.0, 5.0};  // mean 3, sample sd sqrt(2.5)
  CHECK(coefficient_of_variation(five) == Approx(std::sqrt(2.5) / 3.0));
}

TEST_CASE("coefficient_of_variation is zero for identical values and for fewer than two", "[results][statistics]") {
  std::vector<double> same{1.5, 1.5, 1.5};
  CHECK(coefficient_of_variation(same) == 0.0);
  std::vector<double> one{1.5};
  CHECK(coefficient_of_variation(one) == 0.0);
  std::vector<double> zeros{0.0, 0.0};
  CHECK(coefficient_of_variation(zeros) == 0.0);
}

TEST_CASE("summarize_samples fills median and cv and leaves a steady cell stable", "[results][statistics]") {
  CellResult c = cell(1, 0);
  c.samples = {1.00, 1.02, 0.98};
  summarize_samples(c, 0.10);
  CHECK(c.median_seconds == Approx(1.00));
  CHECK(c.cv == Approx(0.02));
  CHECK_FALSE(c.unstable);
}

TEST_CASE("summarize_samples marks a cell unstable above the threshold", "[results][statistics]") {
  CellResult c = cell(1, 0);
  c.samples = {1.0, 1.5, 1.0, 1.6, 0.9};
  summarize_samples(c, 0.10);
  CHECK(c.median_seconds == Approx(1.0));
  CHECK(c.cv > 0.10);
  CHECK(c.unstable);

  // The same samples are stable under a looser threshold.
  summarize_samples(c, 0.50);
  CHECK_FALSE(c.unstable);
}

TEST_CASE("compute_speedups is N * t1 / tN within a series", "[results][statistics]") {
  std::vector<CellResult> cells{cell(1, 2.0), cell(2, 2.0), cell(4, 4.0), cell(8, 2.5)};
  compute_speedups(cells);
  REQUIRE(cells[0].speedup);
  CHECK(*cells[0].speedup == Approx(1.0));
  REQUIRE(cells[1].speedup);
  CHECK(*cells[1].speedup == Approx(2.0));
  REQUIRE(cells[2].speedup);
  CHECK(*cells[2].speedup == Approx(2.0));
  REQUIRE(cells[3].speedup);
  CHECK(*cells[3].speedup == Approx(6.4));
}

TEST_CASE("compute_speedups does not mix series", "[results][statistics]") {
  using gm::config::Executor;
  std::vector<CellResult> cells{
      cell(1, 1.0, CellStatus::ok, Executor::threads), cell(1, 4.0, CellStatus::ok, Executor::processes),
      cell(2, 1.0, CellStatus::ok, Executor::threads), cell(2, 4.0, CellStatus::ok, Executor::processes)};
  compute_speedups(cells);
  CHECK(*cells[2].speedup == Approx(2.0));
  CHECK(*cells[3].speedup == Approx(2.0));
}

TEST_CASE("compute_speedups gives no speedup without a 1-worker cell", "[results][statistics]") {
  std::vector<CellResult> cells{cell(2, 1.0), cell(4, 1.0)};
  compute_speedups(cells);
  CHECK_FALSE(cells[0].speedup);
  CHECK_FALSE(cells[1].speedup);
}

TEST_CASE("compute_speedups gives no speedup when the 1-worker cell failed", "[results][statistics]") {
  std::vector<CellResult> cells{cell(1, 1.0, CellStatus::timeout), cell(2, 1.0), cell(4, 1.0)};
  compute_speedups(cells);
  for (const auto& c : cells) CHECK_FALSE(c.speedup);
}

TEST_CASE("compute_speedups gives failed cells no speedup", "[results][statistics]") {
  std::vector<CellResult> cells{cell(1, 1.0), cell(2, 1.0, CellStatus::crashed), cell(4, 2.0)};
  cells[1].speedup = 99.0;  // stale value from an earlier computation
  compute_speedups(cells);
  CHECK(cells[0].speedup);
  CHECK_FALSE(cells[1].speedup);
  REQUIRE(cells[2].speedup);
  CHECK(*cells[2].speedup == Approx(2.0));
}

TEST_CASE("compute_speedups clears a stale speedup when the baseline is gone", "[results][statistics]") {
  std::vector<CellResult> cells{cell(2, 1.0)};
  cells[0].speedup = 1.5;
  compute_speedups(cells);
  CHECK_FALSE(cells[0].speedup);
}

TEST_CASE("bootstrap interval of a median holds the median and is reproducible", "[results][statistics]") {
  std::vector<double> samples{1.00, 1.02, 0.98, 1.01, 0.99, 1.03, 0.97};
  auto a = bootstrap_median_interval(samples, seed_for("x"));
  auto b = bootstrap_median_interval(samples, seed_for("x"));
  CHECK(a == b);
  CHECK(a.low <= 1.00);
  CHECK(a.high >= 1.00);
  CHECK(a.low >= 0.97);
  CHECK(a.high <= 1.03);
}

TEST_CASE("bootstrap interval of identical samples has no width", "[results][statistics]") {
  std::vector<double> samples(5, 0.25);
  auto interval = bootstrap_median_interval(samples, 1);
  CHECK(interval.low == 0.25);
  CHECK(interval.high == 0.25);
}

TEST_CASE("bootstrap ratio interval brackets scale * median(a) / median(b)", "[results][statistics]") {
  std::vector<double> baseline{1.00, 1.01, 0.99, 1.02, 0.98};
  std::vector<double> parallel{0.51, 0.50, 0.52, 0.49, 0.50};
  auto interval = bootstrap_ratio_interval(baseline, parallel, 2, 42);
  CHECK(interval.low <= 4.0);
  CHECK(interval.high >= 4.0);
  CHECK(interval.low > 3.7);
  CHECK(interval.high < 4.3);
}

TEST_CASE("a noisier cell gets a wider interval", "[results][statistics]") {
  std::vector<double> quiet{1.00, 1.01, 0.99, 1.00, 1.01, 0.99, 1.00};
  std::vector<double> noisy{1.00, 1.20, 0.85, 1.10, 0.90, 1.25, 0.80};
  auto q = bootstrap_median_interval(quiet, 3);
  auto n = bootstrap_median_interval(noisy, 3);
  CHECK(n.high - n.low > 3 * (q.high - q.low));
}

TEST_CASE("compute_speedups adds an interval and the efficiency above 1 worker", "[results][statistics]") {
  // Weak scaling: two workers in the time one took is 2x.
  std::vector<CellResult> cells{cell(1, 1.0), cell(2, 1.0)};
  cells[0].samples = {1.0, 1.01, 0.99};
  cells[1].samples = {1.0, 1.02, 0.98};
  compute_speedups(cells);
  CHECK_FALSE(cells[0].speedup_interval);
  REQUIRE(cells[1].speedup_interval);
  CHECK(cells[1].speedup_interval->low <= 2.0);
  CHECK(cells[1].speedup_interval->high >= 2.0);
  REQUIRE(cells[1].efficiency);
  CHECK(*cells[1].efficiency == Approx(1.0));
}

TEST_CASE("summarize_samples fills the median's interval and the cores busy", "[results][statistics]") {
  CellResult c = cell(2, 0);
  c.samples = {0.5, 0.52, 0.48};
  c.cores_busy = {1.9, 2.0, 1.95};
  summarize_samples(c, 0.1);
  CHECK(c.median_seconds == Approx(0.5));
  REQUIRE(c.median_interval);
  CHECK(c.median_interval->low <= 0.5);
  CHECK(c.cores_busy_median == Approx(1.95));
}
