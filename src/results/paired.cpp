#include "results/paired.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "results/plausibility.hpp"
#include "results/statistics.hpp"
#include "results/trimmed_mean.hpp"

namespace gm::results {

namespace {

std::optional<double> median_of(const std::vector<double>& values) {
  if (values.empty()) return std::nullopt;
  return median(values);
}

// Kept rounds of a cell by round number.
std::map<int, const Attempt*> kept_rounds(const CellResult& cell) {
  std::map<int, const Attempt*> out;
  for (const auto& a : cell.attempts)
    if (a.kept && a.round >= 0 && !a.samples.empty()) out[a.round] = &a;
  return out;
}

}  // namespace

std::optional<double> round_seconds(const CellResult&, const Attempt& round) { return median_of(round.samples); }

std::optional<double> wall_per_unit(const CellResult& cell, const Attempt& round) {
  if (cell.iterations <= 0) return std::nullopt;
  auto seconds = median_of(round.samples);
  if (!seconds) return std::nullopt;
  return *seconds / cell.iterations;
}

std::optional<double> cpu_per_unit(const CellResult& cell, const Attempt& round) {
  if (cell.iterations <= 0 || round.cores_busy.size() != round.samples.size()) return std::nullopt;
  std::vector<double> cpu;
  for (std::size_t i = 0; i < round.samples.size(); ++i) cpu.push_back(round.samples[i] * round.cores_busy[i]);
  auto seconds = median_of(cpu);
  if (!seconds || *seconds <= 0) return std::nullopt;
  return *seconds / cell.iterations / cell.cell.workers;
}

std::optional<double> round_rss(const CellResult&, const Attempt& round) {
  if (round.max_rss_mb <= 0) return std::nullopt;
  return round.max_rss_mb;
}

std::optional<TwoRegimes> two_regimes(const std::vector<double>& ratios) {
  std::vector<double> logs;
  for (double r : ratios)
    if (r > 0) logs.push_back(std::log(r));
  if (logs.size() < 4) return std::nullopt;
  std::sort(logs.begin(), logs.end());
  std::size_t split = 0;  // the high group starts here
  double gap = 0;
  for (std::size_t i = 2; i + 1 < logs.size(); ++i)  // both sides keep at least two rounds
    if (logs[i] - logs[i - 1] > gap) {
      gap = logs[i] - logs[i - 1];
      split = i;
    }
  if (split == 0 || gap <= std::log(kRegimeGap)) return std::nullopt;
  const double spread = std::max(logs[split - 1] - logs.front(), logs.back() - logs[split]);
  if (gap <= spread) return std::nullopt;
  const std::vector<double> low(logs.begin(), logs.begin() + static_cast<std::ptrdiff_t>(split));
  const std::vector<double> high(logs.begin() + static_cast<std::ptrdiff_t>(split), logs.end());
  return TwoRegimes{std::exp(median(low)), std::exp(median(high)), static_cast<int>(low.size()),
                    static_cast<int>(high.size())};
}

bool overhead_in_cpu_time(const CellResult& free_threaded, const CellResult& gil) {
  return free_threaded.cores_busy_median >= kLeastBusyBaseline && gil.cores_busy_median >= kLeastBusyBaseline;
}

std::optional<PairedRatio> paired_ratio(const CellResult& numerator, const CellResult& denominator,
                                        const RoundFigure& figure, double scale) {
  if (numerator.round_group.empty() || numerator.round_group != denominator.round_group) return std::nullopt;
  auto top = kept_rounds(numerator), bottom = kept_rounds(denominator);
  PairedRatio out;
  for (const auto& [round, attempt] : top) {
    auto other = bottom.find(round);
    if (other == bottom.end()) continue;
    auto a = figure(numerator, *attempt), b = figure(denominator, *other->second);
    if (!a || !b || *a <= 0 || *b <= 0) continue;
    out.ratios.push_back(scale * *a / *b);
  }
  if (out.ratios.empty()) return std::nullopt;
  out.rounds = static_cast<int>(out.ratios.size());
  // Ratios are averaged on a log scale: a round twice as fast and one twice as
  // slow cancel.
  std::vector<double> logs;
  for (double r : out.ratios) logs.push_back(std::log(r));
  auto mean = trimmed_mean(logs);
  out.estimate = std::exp(mean.estimate);
  if (mean.interval) out.interval = Interval{std::exp(mean.interval->low), std::exp(mean.interval->high)};
  return out;
}

double half_width_points(const std::optional<Interval>& interval) {
  return interval ? (interval->high - interval->low) / 2 : 1.0;
}

double relative_half_width(double estimate, const std::optional<Interval>& interval) {
  if (!interval || estimate == 0) return 1;
  return (interval->high - interval->low) / 2 / std::fabs(estimate);
}

}  // namespace gm::results
