#pragma once
// What a speedup can be. With weak scaling N workers do N times the work of
// one, so the speedup is at most N; and since each unit costs at least the
// CPU time it costs one worker, it is at most the cores the N workers kept
// busy over the cores one kept busy: a GIL-bound series at 1.0 cores busy
// cannot be 1.3x faster. A figure above either ceiling, by more than the
// margin, is a measurement that went wrong, not a result.
#include <optional>
#include <string>
#include <vector>

#include "results/model.hpp"

namespace gm::results {

// Below this many cores busy at one worker (sleeping, waiting on I/O) the
// cores ratio says nothing about the speedup.
inline constexpr double kLeastBusyBaseline = 0.5;

struct SpeedupCeiling {
  double limit = 0;          // the most the speedup can be, margin included
  double workers_limit = 0;  // N x (1 + margin), whatever the cores
  bool from_cores = false;   // the cores ratio, not the worker count, set it
  double cores = 0, baseline_cores = 0;
};

SpeedupCeiling speedup_ceiling(const CellResult& cell, const CellResult& baseline, double margin);

// Above the worker count (the estimate), or wholly above the cores ratio
// (the interval's low end, as the cores busy are themselves measured; with
// no interval, one round, the cores ratio is not applied).
bool beyond_ceiling(const SpeedupCeiling& ceiling, double estimate, const std::optional<Interval>& interval);

// The one test of an implausible speedup: the ceiling `estimate` (with its
// interval) breaks, or none when it is plausible.
std::optional<SpeedupCeiling> broken_ceiling(const CellResult& cell, const CellResult& baseline, double margin,
                                             double estimate, const std::optional<Interval>& interval);

// Sets `implausible` on every cell whose speedup breaks its ceiling against
// its series' 1-worker cell (speedups computed).
void mark_implausible(std::vector<CellResult>& cells, double margin);

// "the 2-worker speedup 1.31x was above the 1.05x that 1.0 cores busy (against 1.0 for 1 worker) allow"
std::string ceiling_text(const SpeedupCeiling& ceiling, int workers, double estimate);

}  // namespace gm::results
