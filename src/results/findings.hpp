#pragma once
// The report's "Findings": only what deviates from what the workloads expect
// (the interval wholly outside the expected band), figures that cannot be
// trusted (disturbed, implausible), and, grouped one line per workload, the
// speedups that missed the precision target.
#include <vector>

#include "results/model.hpp"

namespace gm::results {

// Needs speedups computed; `tolerance` widens each expected band by that share
// on both sides. Workloads whose EXPECTED_SPEEDUP is malformed get a note in
// `notes` and no expectation findings.
std::vector<Finding> find_deviations(const RunResults& run, double tolerance, std::vector<std::string>* notes);

// How precisely a cell's figure is known: its speedup's interval half-width
// relative to the speedup (N workers), or its median's (1 worker).
double precision_of(const CellResult& cell);
// A speedup sampled towards the run's precision target (repeats = "auto") whose interval is wider.
bool imprecise(const CellResult& cell, double precision);
// How precisely a free-threading overhead is known, in points: the wider of
// its headline time figure's (CPU time where measured, else wall time) and
// its memory figure's interval half-widths; 1 when one has no interval.
double overhead_precision_of(const OverheadRecord& overhead);
// An overhead whose cells were sampled towards the run's precision target
// (repeats = "auto") and whose time or memory figure is wider.
bool overhead_imprecise(const RunResults& run, const OverheadRecord& overhead);
// One finding per workload whose speedups missed the run's precision target,
// and one for the overhead figures that did.
std::vector<Finding> imprecise_findings(const RunResults& run);

}  // namespace gm::results
