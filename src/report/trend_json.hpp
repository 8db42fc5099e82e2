#pragma once
#include <nlohmann/json.hpp>

#include "results/trend.hpp"

namespace gm::report {

// {"runs": [{origin, started_at}], "series": [{workload, build, executor, gil_mode, workers, speedups}],
//  "verdict_changes": [{started_at, kind, severity, build, subject, before, after, message}], "notes"}
nlohmann::json trend_json(const results::Trend& trend);

}  // namespace gm::report
