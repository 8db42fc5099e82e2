#include "harness/script_run.hpp"

#include "util/paths.hpp"
#include "util/strings.hpp"

namespace gm::harness {

std::string ScriptRun::stderr_tail(int lines) const { return trim(tail_lines(process.err, lines)); }

std::string ScriptRun::describe(int stderr_lines) const {
  std::string what;
  switch (problem) {
    case Problem::none:
      return "ok";
    case Problem::no_output:
      what = "wrote no result";
      break;
    case Problem::unreadable:
      what = "wrote an unreadable result";
      break;
    default:
      what = process.describe();
      break;
  }
  auto tail = stderr_tail(stderr_lines);
  return tail.empty() ? what : what + ": " + tail;
}

ScriptRun run_script(exec::ProcessRunner& runner, const exec::ProcessSpec& spec, const std::filesystem::path& output) {
  ScriptRun run;
  run.process = runner.run(spec);
  if (auto text = read_text_file(output)) {
    run.text = std::move(*text);
    run.output = nlohmann::json::parse(*run.text, nullptr, false);
  } else {
    run.output = nlohmann::json(nlohmann::json::value_t::discarded);
  }
  using Outcome = exec::ProcessResult::Outcome;
  switch (run.process.outcome) {
    case Outcome::timed_out:
      run.problem = ScriptRun::Problem::timed_out;
      return run;
    case Outcome::signaled:
      run.problem = ScriptRun::Problem::crashed;
      return run;
    case Outcome::interrupted:
      run.problem = ScriptRun::Problem::interrupted;
      return run;
    case Outcome::failed_to_start:
      run.problem = ScriptRun::Problem::not_started;
      return run;
    case Outcome::exited:
      break;
  }
  if (run.process.exit_code != 0)
    run.problem = ScriptRun::Problem::exited;
  else if (!run.text)
    run.problem = ScriptRun::Problem::no_output;
  else if (run.output.is_discarded())
    run.problem = ScriptRun::Problem::unreadable;
  return run;
}

}  // namespace gm::harness
