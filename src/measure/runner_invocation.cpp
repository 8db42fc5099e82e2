#include "measure/runner_invocation.hpp"

#include <unistd.h>

#include <atomic>
#include <fstream>

#include <fmt/format.h>

#include "harness/script_run.hpp"
#include "harness/scripts.hpp"
#include "interpreter/python_environment.hpp"
#include "measure/process_layout.hpp"
#include "results/model.hpp"
#include "util/disk_space.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"

namespace gm::measure {

using results::CellStatus;

std::string comma_list(const std::vector<int>& cpus) {
  std::vector<std::string> parts;
  for (int c : cpus) parts.push_back(std::to_string(c));
  return join(parts, ",");
}

std::filesystem::path tsan_log_dir(const MeasureContext& context, const std::string& build,
                                   const std::string& workload) {
  return context.log_dir / build / workload / "tsan";
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
  if (!call.tsan_options.empty()) spec.env.set("TSAN_OPTIONS", call.tsan_options);
  pad_environment(spec.env, call.layout_padding);
  spec.timeout = call.timeout;
  spec.cpus = call.cpus;
  spec.output_cap = 64 * 1024;
  spec.working_directory = call.workload.parent_path();
  if (!call.log_file.empty()) {
    spec.log_file = call.log_file;
    std::error_code ec;  // a log that cannot be written is reported by the runner (log_error)
    std::filesystem::create_directories(call.log_file.parent_path(), ec);
    std::ofstream(call.log_file, std::ios::app) << "$ " << shell_join(spec.argv) << "\n";
  }
  auto run = harness::run_script(context.runner, spec, output);
  std::filesystem::remove(output);
  const auto& process = run.process;
  out.wall_seconds = process.wall_seconds;

  using Problem = harness::ScriptRun::Problem;
  std::string stderr_tail = run.stderr_tail(15);
  switch (run.problem) {
    case Problem::timed_out:
      out.status = CellStatus::timeout;
      out.error = fmt::format("did not finish within {}s; the process group was killed",
                              std::chrono::duration<double>(call.timeout).count());
      return out;
    case Problem::crashed:
      out.status = CellStatus::crashed;
      out.error = process.describe() + (stderr_tail.empty() ? "" : "\n" + stderr_tail);
      return out;
    case Problem::interrupted:
      out.status = CellStatus::not_run;
      out.error = "interrupted";
      return out;
    case Problem::not_started:
      out.status = CellStatus::failed;
      out.error = process.describe();
      return out;
    default:
      break;
  }
  auto parsed = harness::parse_runner_result(run.output);
  if (auto full = disk_full(context.work_dir); full && (!parsed || mentions_no_space(process.err))) {
    out.status = CellStatus::no_space;
    out.error = *full;
    return out;
  }
  if (!run.text) {
    out.status = CellStatus::failed;
    out.error = process.describe() + (stderr_tail.empty() ? "" : ":\n" + stderr_tail);
    return out;
  }
  if (!parsed) {
    out.status = CellStatus::failed;
    out.error = parsed.error();
    return out;
  }
  out.result = std::move(*parsed);
  if (auto status = results::parse_cell_status(out.result.status)) {
    out.status = *status;
  } else {
    out.status = CellStatus::failed;
    out.result.error = "runner reported an unknown status: " + status.error();
  }
  out.error = trim(tail_lines(out.result.error, 15));
  return out;
}

}  // namespace gm::measure
