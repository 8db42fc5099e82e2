#pragma once
// The report's "Findings": only what deviates from what the workloads expect,
// and figures that cannot be trusted (disturbed, implausible, unstable).
#include <vector>

#include "results/model.hpp"

namespace gm::results {

// Needs speedups computed; `tolerance` widens each expected band by that share
// on both sides. Workloads whose EXPECTED_SPEEDUP is malformed get a note in
// `notes` and no expectation findings.
std::vector<Finding> find_deviations(const RunResults& run, double tolerance, std::vector<std::string>* notes);

}  // namespace gm::results
