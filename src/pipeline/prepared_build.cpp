#include "pipeline/prepared_build.hpp"

#include <fmt/format.h>

#include "interpreter/probe.hpp"
#include "util/terminal.hpp"

namespace gm::pipeline {

namespace {

// Probes `python` and checks it is what the matrix asked for.
void probe_into(PreparedBuild& build, const config::BuildSpec& spec, Workspace& workspace) {
  auto probe = interpreter::probe_interpreter(workspace.runner, build.python, workspace.scripts_dir);
  if (!probe) {
    build.record.status = results::build_status::probe_failed;
    build.record.reason = probe.error();
    return;
  }
  build.record.probe = *probe;
  if (spec.free_threaded && !probe->free_threaded) {
    build.record.status = results::build_status::probe_failed;
    build.record.reason = fmt::format("{} is not a free-threaded build (Py_GIL_DISABLED is 0) but the matrix "
                                      "declares free-threaded = true",
                                      build.python.string());
  }
}

}  // namespace

PreparedBuild prepare_build(const config::BuildSpec& spec, Workspace& workspace) {
  PreparedBuild build;
  build.record.name = spec.name;
  if (spec.interpreter) {
    build.record.origin = "interpreter";
    auto python = sources::find_interpreter(*spec.interpreter, workspace.locations);
    if (!python) {
      build.record.status = results::build_status::not_found;
      build.record.reason = python.error();
      return build;
    }
    build.python = *python;
    build.record.python = python->string();
  } else {
    build.record.origin = spec.git ? "git" : "source";
    build.record.status = results::build_status::source_unavailable;
    build.record.reason = "building CPython from source is not implemented in this version of gilmatrix; "
                          "use `interpreter = ...` for now";
    return build;
  }
  probe_into(build, spec, workspace);
  return build;
}

std::vector<PreparedBuild> prepare_builds(const config::Matrix& matrix, Workspace& workspace) {
  std::vector<PreparedBuild> builds;
  for (const auto& spec : matrix.builds) {
    Terminal::instance().status(fmt::format("preparing build {} ...", spec.name));
    builds.push_back(prepare_build(spec, workspace));
    const auto& record = builds.back().record;
    if (record.ok())
      Terminal::instance().line(fmt::format("build {}: Python {}{} at {}", spec.name, record.probe->version,
                                            record.probe->free_threaded ? " (free-threaded)" : "", record.python));
    else
      Terminal::instance().warning(fmt::format("build {}: {}: {}", spec.name, record.status, record.reason));
  }
  return builds;
}

}  // namespace gm::pipeline
