#pragma once
// How a measured value decides a commit in `bisect --when speedup|time`:
// both ends are measured first, and a commit is good or bad only when its
// interval lies wholly on one side of the midpoint between the ends' values.
// A commit whose interval straddles the midpoint is sampled again, and is
// undecided when its budget is spent: a noisy machine never decides a step.
#include "results/model.hpp"

namespace gm::bisect {

enum class Side { good, bad, unresolved };

// The ends differ only when their intervals do not overlap: otherwise there
// is nothing to bisect.
bool ends_differ(const results::Interval& good_end, const results::Interval& bad_end);

// Which end's side of the midpoint `commit` lies on; works whether the bad
// end's value is above the good end's (a time that grew) or below (a speedup
// that dropped).
Side side_of(const results::Interval& commit, double good_value, double bad_value);

}  // namespace gm::bisect
