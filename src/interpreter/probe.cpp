#include "interpreter/probe.hpp"

#include <fmt/format.h>

#include "harness/script_run.hpp"
#include "harness/scripts.hpp"
#include "interpreter/python_environment.hpp"
#include "util/paths.hpp"

namespace gm::interpreter {

Expected<harness::ProbeInfo> probe_interpreter(exec::ProcessRunner& runner, const std::filesystem::path& python,
                                               const std::filesystem::path& scripts_dir) {
  TempDir scratch("gilmatrix-probe");
  auto output = scratch.path() / "probe.json";
  exec::ProcessSpec spec;
  spec.argv = {python.string(), "-I", harness::script_path(scripts_dir, "probe.py").string(), output.string()};
  spec.env = python_environment();
  spec.timeout = std::chrono::seconds(60);
  auto run = harness::run_script(runner, spec, output);
  // Ten lines of stderr: a fatal start-up error ends with "Current thread ...
  // <no Python frame>", after the ModuleNotFoundError that says what is wrong.
  if (!run.ok()) return fail(fmt::format("probe of {} {}", python.string(), run.describe(10)));
  auto info = harness::parse_probe(*run.text);
  if (info && info->implementation != "cpython")
    return fail(fmt::format("{} is {}, not CPython", python.string(), info->implementation));
  return info;
}

}  // namespace gm::interpreter
