#pragma once
#include <string>
#include <vector>

#include "config/expand.hpp"
#include "config/matrix.hpp"
#include "pipeline/prepared_build.hpp"

namespace gm::pipeline {

struct Plan {
  config::Expansion expansion;
  std::vector<std::string> build_notes;  // builds whose cells are not listed, and why
  int usable_cores = 0;
};

// The cells a run would measure, without building anything: existing
// interpreters are probed (fast), builds from source are taken at their word.
Plan plan_matrix(const config::Matrix& matrix, Workspace& workspace);

}  // namespace gm::pipeline
