#pragma once
#include <string>

#include "results/compare.hpp"

namespace gm::report {

// A Markdown section: the counts, then a table per kind of change (regressions,
// improvements, warnings, other changes), each cut at `max_rows` rows.
// `heading_level` 2 gives "## gilmatrix compare" and "### Regressions".
std::string render_comparison_markdown(const results::Comparison& comparison, results::Gate gate, int heading_level = 2,
                                       std::size_t max_rows = 200);

}  // namespace gm::report
