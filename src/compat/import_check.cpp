#include "compat/import_check.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "harness/scripts.hpp"
#include "interpreter/python_environment.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"

namespace gm::compat {
namespace status = results::module_status;

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
  auto result = runner.run(spec);

  ImportOutcome outcome;
  using Outcome = exec::ProcessResult::Outcome;
  std::string stderr_tail = trim(tail_lines(result.err, 8));
  if (result.outcome == Outcome::timed_out) {
    outcome.status = status::hung;
    outcome.detail = fmt::format("import did not finish within {:.0f}s; every process it started was killed",
                                 std::chrono::duration<double>(timeout).count());
    return outcome;
  }
  if (result.outcome == Outcome::signaled) {
    outcome.status = status::crashed;
    outcome.detail = result.describe() + (stderr_tail.empty() ? "" : "\n" + stderr_tail);
    return outcome;
  }
  auto text = read_text_file(output);
  if (!text || result.outcome != Outcome::exited) {
    outcome.status = status::import_error;
    outcome.detail = result.describe() + (stderr_tail.empty() ? "" : "\n" + stderr_tail);
    return outcome;
  }
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded()) {
    outcome.status = status::import_error;
    outcome.detail = "unreadable import check output";
    return outcome;
  }
  if (j.contains("gil_enabled_after") && j["gil_enabled_after"].is_boolean())
    outcome.gil_enabled_after = j["gil_enabled_after"].get<bool>();
  if (j["attributed_to"].is_string()) outcome.attributed_to = j["attributed_to"].get<std::string>();
  if (j["error"].is_string()) {
    outcome.status = status::import_error;
    outcome.detail = trim(tail_lines(j["error"].get<std::string>(), 6));
    return outcome;
  }
  if (!free_threaded) {
    outcome.status = status::importable;
    return outcome;
  }
  outcome.status = outcome.gil_enabled_after.value_or(true) ? status::reenables_gil : status::keeps_gil_disabled;
  if (j["warning"].is_string()) outcome.detail = j["warning"].get<std::string>();
  return outcome;
}

std::string reproduce_command(const std::filesystem::path& python, const std::string& module) {
  std::vector<std::string> argv{"env", "-u", "PYTHON_GIL", python.string(), "-c",
                                fmt::format("import sys, {}; print(sys._is_gil_enabled())", module)};
  return shell_join(argv);
}

}  // namespace gm::compat
