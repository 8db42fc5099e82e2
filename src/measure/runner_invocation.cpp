#include "measure/runner_invocation.hpp"

#include <unistd.h>

#include <atomic>

#include <fmt/format.h>

#include "harness/scripts.hpp"
#include "interpreter/python_environment.hpp"
#include "results/model.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"

namespace gm::measure {

namespace cell_status = results::cell_status;

std::string comma_list(const std::vector<int>& cpus) {
  std::vector<std::string> parts;
  for (int c : cpus) parts.push_back(std::to_string(c));
  return join(parts, ",");
}

RunnerOutcome invoke_runner(const MeasureContext& context, const RunnerCall& call) {
  static std::atomic<unsigned> serial{0};
  RunnerOutcome out;
  std::filesystem::create_directories(context.work_dir);
  auto output = context.work_dir / fmt::format("runner-{}-{}.json", ::getpid(), serial++);
  std::filesystem::remove(output);

  exec::ProcessSpec spec;
  spec.argv = {call.python.string(), harness::script_path(context.scripts_dir, "runner.py").string(), "--workload",
               call.workload.string()};
  spec.argv.insert(spec.argv.end(), call.arguments.begin(), call.arguments.end());
  spec.argv.insert(spec.argv.end(), {"--output", output.string()});
  spec.env = interpreter::python_environment(call.gil_mode);
  spec.timeout = call.timeout;
  spec.cpus = call.cpus;
  spec.output_cap = 64 * 1024;
  spec.working_directory = call.workload.parent_path();
  auto process = context.runner.run(spec);
  out.wall_seconds = process.wall_seconds;

  using Outcome = exec::ProcessResult::Outcome;
  std::string stderr_tail = trim(tail_lines(process.err, 15));
  switch (process.outcome) {
    case Outcome::timed_out:
      out.status = cell_status::timeout;
      out.error = fmt::format("did not finish within {}s; the process group was killed",
                              std::chrono::duration<double>(call.timeout).count());
      return out;
    case Outcome::signaled:
      out.status = cell_status::crashed;
      out.error = process.describe() + (stderr_tail.empty() ? "" : "\n" + stderr_tail);
      return out;
    case Outcome::interrupted:
      out.status = cell_status::not_run;
      out.error = "interrupted";
      return out;
    case Outcome::failed_to_start:
      out.status = cell_status::failed;
      out.error = process.describe();
      return out;
    case Outcome::exited:
      break;
  }
  auto text = read_text_file(output);
  std::filesystem::remove(output);
  if (!text) {
    out.status = cell_status::failed;
    out.error = process.describe() + (stderr_tail.empty() ? "" : ":\n" + stderr_tail);
    return out;
  }
  auto parsed = harness::parse_runner_result(*text);
  if (!parsed) {
    out.status = cell_status::failed;
    out.error = parsed.error();
    return out;
  }
  out.result = std::move(*parsed);
  out.status = out.result.status;
  out.error = trim(tail_lines(out.result.error, 15));
  return out;
}

}  // namespace gm::measure
