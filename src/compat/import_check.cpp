#include "compat/import_check.hpp"

#include <fmt/format.h>
#include "harness/protocol.hpp"
#include "harness/script_run.hpp"
#include "harness/scripts.hpp"
#include "interpreter/python_environment.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"

namespace gm::compat {
using results::ModuleStatus;

ImportOutcome check_import(exec::ProcessRunner& runner, const std::filesystem::path& python,
                           const std::filesystem::path& scripts_dir, const std::vector<std::string>& modules,
                           bool free_threaded, std::chrono::milliseconds timeout, const std::vector<int>& cpus) {
  TempDir scratch("gilmatrix-import");
  auto output = scratch.path() / "import.json";
  exec::ProcessSpec spec;
  spec.argv = {python.string(), harness::script_path(scripts_dir, "import_check.py").string(), output.string()};
  spec.argv.insert(spec.argv.end(), modules.begin(), modules.end());
  spec.env = interpreter::python_environment();  // PYTHON_GIL unset: the only way the fallback shows
  spec.timeout = timeout;
  spec.cpus = cpus;
  spec.output_cap = 64 * 1024;
  spec.working_directory = scratch.path();  // not the user's directory: nothing shadows the installed module
  auto run = harness::run_script(runner, spec, output);

  ImportOutcome outcome;
  using Problem = harness::ScriptRun::Problem;
  std::string stderr_tail = run.stderr_tail(8);
  auto with_stderr = [&](std::string what) { return stderr_tail.empty() ? what : what + "\n" + stderr_tail; };
  switch (run.problem) {
    case Problem::timed_out:
      outcome.status = ModuleStatus::hung;
      outcome.detail = fmt::format("import did not finish within {:.0f}s; every process it started was killed",
                                   std::chrono::duration<double>(timeout).count());
      return outcome;
    case Problem::crashed:
      outcome.status = ModuleStatus::crashed;
      outcome.detail = with_stderr(run.process.describe());
      return outcome;
    case Problem::unreadable:
      outcome.status = ModuleStatus::import_error;
      outcome.detail = "unreadable import check output";
      return outcome;
    case Problem::none:
      break;
    case Problem::exited:
      if (!run.output.is_discarded()) break;  // written before the exit: the result says what happened
      [[fallthrough]];
    default:  // wrote nothing, could not start, interrupted
      outcome.status = ModuleStatus::import_error;
      outcome.detail = with_stderr(run.process.describe());
      return outcome;
  }
  auto report = harness::parse_import_check(run.output);
  if (!report) {
    outcome.status = ModuleStatus::import_error;
    outcome.detail = report.error();
    return outcome;
  }
  outcome.gil_enabled_after = report->gil_enabled_after;
  outcome.attributed_to = report->attributed_to.value_or("");
  if (report->error) {
    outcome.status = ModuleStatus::import_error;
    outcome.detail = trim(tail_lines(*report->error, 6));
    return outcome;
  }
  if (!free_threaded) {
    outcome.status = ModuleStatus::importable;
    return outcome;
  }
  outcome.status =
      outcome.gil_enabled_after.value_or(true) ? ModuleStatus::reenables_gil : ModuleStatus::keeps_gil_disabled;
  if (report->warning) outcome.detail = *report->warning;
  return outcome;
}

std::string reproduce_command(const std::filesystem::path& python, const std::string& module) {
  std::vector<std::string> argv{"env",        "-u",
                                "PYTHON_GIL", python.string(),
                                "-c",         fmt::format("import sys, {}; print(sys._is_gil_enabled())", module)};
  return shell_join(argv);
}

}  // namespace gm::compat
