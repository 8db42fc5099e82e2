#pragma once
// Ratios from interleaved, paired rounds.
//
// Cells that are compared with each other (a series' 1-worker baseline and
// its N-worker cells; a GIL build and its free-threaded twin at 1 worker) are
// measured in rounds that visit every cell once, in random order, seconds
// apart. A slow minute of the host then falls on both sides of a ratio, so the
// ratio is taken within each round and the estimate is the 20% trimmed mean
// of those per-round ratios on a log scale, with its Student's t interval over
// rounds (results/trimmed_mean.hpp). Cells measured apart
// (older results files, a resumed half of a group) fall back to the ratio of
// medians with both sides resampled independently.
#include <functional>
#include <optional>
#include <vector>

#include "results/model.hpp"

namespace gm::results {

// The names results files give the estimator of paired ratios.
inline constexpr const char* kTrimmedMeanEstimator = "trimmed-mean";
inline constexpr const char* kMedianBootstrapEstimator = "median-bootstrap";  // before 2026-12-02

// One figure of a cell in one kept round.
using RoundFigure = std::function<std::optional<double>(const CellResult& cell, const Attempt& round)>;

// Median seconds per unit of work of one worker, wall time.
std::optional<double> wall_per_unit(const CellResult& cell, const Attempt& round);
// Median CPU seconds per unit of work of one worker (cores busy x wall time).
std::optional<double> cpu_per_unit(const CellResult& cell, const Attempt& round);
// Median wall seconds of the round's samples (speedups: same iterations on both sides).
std::optional<double> round_seconds(const CellResult& cell, const Attempt& round);
// Peak resident memory of the round's process.
std::optional<double> round_rss(const CellResult& cell, const Attempt& round);

// Whether a free-threading overhead is judged in CPU time per unit: where
// both builds' 1-worker cells keep at least half a core busy. Work that
// mostly waits (sleeping, I/O) is judged in wall time: its CPU time is the
// small remainder of waking up, whose ratio says little and spreads widely.
bool overhead_in_cpu_time(const CellResult& free_threaded, const CellResult& gil);

struct PairedRatio {
  double estimate = 0;               // trimmed geometric mean of the per-round ratios
  std::optional<Interval> interval;  // its 95% interval over rounds; absent for one round
  int rounds = 0;
  std::vector<double> ratios;
};

// scale * figure(numerator) / figure(denominator), round by round, over the
// kept rounds both cells have in common. Empty when the cells were not
// measured in the same round group or share no kept round.
std::optional<PairedRatio> paired_ratio(const CellResult& numerator, const CellResult& denominator,
                                        const RoundFigure& figure, double scale);

// Kept rounds whose ratios fall into two groups far apart: a figure the host
// changed for a while (where it ran two communicating vCPUs, say), not one
// number. The trimmed mean follows the larger group and its interval says
// nothing of the other.
struct TwoRegimes {
  double low = 0, high = 0;  // the median ratio of each group
  int low_rounds = 0, high_rounds = 0;
};
// Ratios apart by more than this between the two groups...
inline constexpr double kRegimeGap = 1.25;
// Two regimes: on a log scale, the widest gap between neighbouring sorted
// ratios is above kRegimeGap and wider than the spread within either side
// (a round that straddles the change of regime widens its side), and each
// side holds at least two rounds (a single wild round is what trimming is
// for).
std::optional<TwoRegimes> two_regimes(const std::vector<double>& ratios);

// Half the interval's width relative to the estimate (0.03: +-3%); 1 when unknown.
double relative_half_width(double estimate, const std::optional<Interval>& interval);
// Half the interval's width in the ratio's own units, as overhead is judged
// (a ratio of 1.20 known to +-0.03 is +-3 points); 1 when unknown.
double half_width_points(const std::optional<Interval>& interval);

}  // namespace gm::results
