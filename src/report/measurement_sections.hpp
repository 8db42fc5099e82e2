#pragma once
// The report sections about how far the measurements can be trusted and what
// they mean: findings, the free-threading overhead, and how it was measured.
#include <string>

#include "results/model.hpp"

namespace gm::report {

// Deviations from what the workloads expect and figures that cannot be
// trusted; says so when everything matched.
std::string findings_section(const results::RunResults& run);

// Single-worker slowdown of each free-threaded build against its GIL twin.
std::string overhead_section(const results::RunResults& run);

// Isolation, calibration, repeats and thresholds, the machine's warnings,
// and how many rounds were set aside as disturbed.
std::string measurement_section(const results::RunResults& run);

}  // namespace gm::report
