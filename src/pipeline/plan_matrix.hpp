#pragma once
#include <string>
#include <vector>

#include "config/matrix.hpp"
#include "config/plan.hpp"
#include "pipeline/prepared_build.hpp"

namespace gm::pipeline {

// The cells a run would measure, without building anything: existing
// interpreters are probed (fast), builds from source are taken at their word.
config::Plan plan_matrix(const config::Matrix& matrix, Workspace& workspace);

}  // namespace gm::pipeline
