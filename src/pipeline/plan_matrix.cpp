#include "pipeline/plan_matrix.hpp"

#include <fmt/format.h>

#include "util/system_info.hpp"

namespace gm::pipeline {

config::Plan plan_matrix(const config::Matrix& matrix, Workspace& workspace) {
  config::Plan plan;
  plan.usable_cores = static_cast<int>(usable_cpus().size());
  std::vector<config::BuildTraits> traits;
  for (const auto& spec : matrix.builds) {
    if (!spec.interpreter) {
      traits.push_back({spec.name, spec.free_threaded, spec.version.value_or("")});
      continue;
    }
    auto build = prepare_build(spec, workspace);
    if (build.record.ok())
      traits.push_back({spec.name, build.record.probe->free_threaded, build.record.probe->version});
    else
      plan.build_notes.push_back(fmt::format("build {}: {}: {}", spec.name, build.record.status, build.record.reason));
  }
  plan.expansion = config::expand_matrix(matrix, traits, plan.usable_cores);
  return plan;
}

}  // namespace gm::pipeline
