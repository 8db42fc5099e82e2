#pragma once
#include <string>

#include "results/compare.hpp"

namespace gm::report {

// One line per change, regressions first, and a closing count:
// "regression   crcmod._crcfunext on 3.13t: keeps GIL disabled -> re-enables GIL".
std::string render_comparison_text(const results::Comparison& comparison, results::Gate gate);

// "1 regression (gate: all), 2 improvements, 0 warnings, 3 other changes; 120 cells and 8 modules compared"
// ...; "3 cells not gated: 1 disturbed in the new run, 2 missing from the new run" when any were not.
std::string comparison_counts(const results::Comparison& comparison, results::Gate gate);

// "3 cells not gated: ..." (empty when every cell could decide the gate).
std::string not_gated_summary(const results::Comparison& comparison);

}  // namespace gm::report
