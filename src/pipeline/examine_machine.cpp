#include "pipeline/examine_machine.hpp"

#include "config/matrix.hpp"
#include "cpython_build/build_dependencies.hpp"
#include "interpreter/probe.hpp"
#include "measure/cell_measurement.hpp"
#include "measure/noise_floor.hpp"
#include "util/paths.hpp"
#include "util/system_info.hpp"

namespace gm::pipeline {

namespace {

// The machine's own noise, as a run measures it first: what a run's default
// precision target costs here. Not under the measuring lock, so a run
// measuring at the same time shows as noise.
void measure_machine_noise(const Workspace& workspace, results::DoctorFacts& facts) {
  if (facts.interpreters.empty()) {
    facts.noise_not_measured = "no interpreter found to run the probe";
    return;
  }
  TempDir scratch("gilmatrix-doctor");
  measure::MeasureContext context{.runner = workspace.runner,
                                  .scripts_dir = workspace.scripts_dir,
                                  .work_dir = scratch.path(),
                                  .log_dir = scratch.path()};
  std::string error;
  facts.noise_floor = measure::probe_noise_floor(context, facts.interpreters.front().python, usable_cpus(),
                                                 measure::kSamplesPerRound, config::Measurement{}.precision, error);
  if (!facts.noise_floor) facts.noise_not_measured = error;
}

void find_interpreters(const Workspace& workspace, results::DoctorFacts& facts) {
  auto add = [&](const std::filesystem::path& python) {
    auto probe = interpreter::probe_interpreter(workspace.runner, python, workspace.scripts_dir);
    if (probe) facts.interpreters.push_back({python, probe->version, probe->free_threaded});
  };
  for (const auto& dir : workspace.locations.pyenv_version_dirs())
    if (std::filesystem::exists(dir / "bin" / "python3")) add(dir / "bin" / "python3");
  for (const char* name : {"python3", "python3.12", "python3.13", "python3.13t", "python3.14", "python3.14t"}) {
    auto found = sources::find_interpreter(name, workspace.locations);
    if (found && found->string().find("/versions/") == std::string::npos) add(*found);
  }
}

}  // namespace

results::DoctorFacts examine_machine(const Workspace& workspace) {
  results::DoctorFacts facts;
  facts.machine = {cpu_model(), usable_cpus().size(), online_cpu_count(), os_description(), kernel_release()};
  for (auto tool : {"cc", "c++", "make", "ccache", "git"})
    facts.tools.push_back({tool, exec::first_output_line(workspace.runner, {tool, "--version"})});
  facts.build_dependencies = cpython_build::cpython_build_dependencies(workspace.runner);
  find_interpreters(workspace, facts);
  measure_machine_noise(workspace, facts);
  facts.cache_dir = workspace.cache_root;
  facts.cache_bytes = directory_size(workspace.cache_root);
  for (const auto& mirror : workspace.mirrors)
    facts.mirrors.push_back({mirror, std::filesystem::is_directory(mirror / "cpython")});
  return facts;
}

}  // namespace gm::pipeline
