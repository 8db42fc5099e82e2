#pragma once
#include <nlohmann/json.hpp>

#include "results/compare.hpp"

namespace gm::report {

// {"before", "after", "gate", "regressed", "counts", "notes", "changes": [{severity, area, kind, build, subject,
// before, after, message, gated}]}
nlohmann::json comparison_to_json(const results::Comparison& comparison, results::Gate gate);

}  // namespace gm::report
