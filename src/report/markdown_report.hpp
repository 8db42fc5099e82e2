#pragma once
#include <string>

#include "results/model.hpp"

namespace gm::report {

// report.md: environment, builds, one scaling table per workload, failures,
// notes and the command that reproduces the run. Readable on GitHub.
std::string render_markdown(const results::RunResults& results);

}  // namespace gm::report
