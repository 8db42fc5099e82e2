#include "results/plausibility.hpp"

#include <fmt/format.h>

#include "results/statistics.hpp"

namespace gm::results {

namespace {

// The worker count's ceiling, which holds whatever the cores say.
double cell_limit_without_cores(const SpeedupCeiling& ceiling) { return ceiling.workers_limit; }

}  // namespace

SpeedupCeiling speedup_ceiling(const CellResult& cell, const CellResult& baseline, double margin) {
  SpeedupCeiling out;
  out.limit = out.workers_limit = cell.cell.workers * (1 + margin);
  out.cores = median(cell.cores_busy);
  out.baseline_cores = median(baseline.cores_busy);
  if (out.baseline_cores >= kLeastBusyBaseline && out.cores > 0) {
    const double by_cores = out.cores / out.baseline_cores * (1 + margin);
    if (by_cores < out.limit) {
      out.limit = by_cores;
      out.from_cores = true;
    }
  }
  return out;
}

bool beyond_ceiling(const SpeedupCeiling& ceiling, double estimate, const std::optional<Interval>& interval) {
  if (!ceiling.from_cores) return estimate > ceiling.limit;
  // The cores busy are measured too, and a GIL-bound pair of threads sits
  // right at its ceiling: only a figure whose whole interval is above it
  // contradicts them. Without an interval (one round) nothing is known.
  if (interval && interval->low > ceiling.limit) return true;
  return estimate > cell_limit_without_cores(ceiling);
}

std::optional<SpeedupCeiling> broken_ceiling(const CellResult& cell, const CellResult& baseline, double margin,
                                             double estimate, const std::optional<Interval>& interval) {
  auto ceiling = speedup_ceiling(cell, baseline, margin);
  if (!beyond_ceiling(ceiling, estimate, interval)) return std::nullopt;
  return ceiling;
}

void mark_implausible(std::vector<CellResult>& cells, double margin) {
  for (auto& c : cells) {
    const auto* base = c.cell.workers > 1 ? baseline_of(cells, c) : nullptr;
    c.implausible = c.speedup && base && broken_ceiling(c, *base, margin, *c.speedup, c.speedup_interval);
  }
}

std::string ceiling_text(const SpeedupCeiling& ceiling, int workers, double estimate) {
  if (ceiling.from_cores)
    return fmt::format(
        "the {}-worker speedup {:.2f}x was above the {:.2f}x that {:.1f} cores busy (against {:.1f} "
        "for 1 worker) allow",
        workers, estimate, ceiling.limit, ceiling.cores, ceiling.baseline_cores);
  return fmt::format("the {}-worker speedup {:.2f}x was above the {:.2f}x that {} workers can give", workers, estimate,
                     ceiling.limit, workers);
}

}  // namespace gm::results
