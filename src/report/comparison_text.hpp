#pragma once
#include <string>

#include "results/compare.hpp"

namespace gm::report {

// One line per change, regressions first, and a closing count:
// "regression   crcmod._crcfunext on 3.13t: keeps GIL disabled -> re-enables GIL".
std::string render_comparison_text(const results::Comparison& comparison, results::Gate gate);

// "1 regression (gate: all), 2 improvements, 0 warnings, 3 other changes; 120 cells and 8 modules compared"
std::string comparison_counts(const results::Comparison& comparison, results::Gate gate);

}  // namespace gm::report
