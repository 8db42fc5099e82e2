#include "compat/stress_run.hpp"

#include <algorithm>
#include <csignal>

#include <fmt/format.h>

#include "compat/core_stacks.hpp"
#include "harness/script_run.hpp"
#include "harness/scripts.hpp"
#include "interpreter/python_environment.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"

namespace gm::compat {
namespace fs = std::filesystem;

namespace {

// At the timeout faulthandler dumps every thread's stack and ends the run
// itself, so the dump is never cut short by a kill; under ThreadSanitizer on a
// loaded machine writing it has taken seconds. Only a run that has not ended
// this much later is killed.
std::chrono::milliseconds dump_grace(std::chrono::milliseconds timeout) {
  return std::max(timeout / 10, std::chrono::milliseconds(5000));
}

// faulthandler's own first line when the hang timer fires ("Timeout (0:00:10)!").
bool ended_by_hang_dump(const std::string& stacks) { return stacks.starts_with("Timeout ("); }

// faulthandler's dump without the block of stress.py's own hang watch thread
// (its name cut to 15 characters by the kernel): it only sleeps.
std::string without_hang_watch(const std::string& stacks) {
  std::string out;
  bool skipping = false;
  for (const auto& line : split_lines(stacks)) {
    if (line.starts_with("Thread 0x") || line.starts_with("Current thread 0x"))
      skipping = line.find("[gilmatrix-hang-") != std::string::npos;
    else if (trim(line).empty())
      skipping = false;
    if (!skipping) out += line + "\n";
  }
  return out;
}

std::string seconds(std::chrono::milliseconds d) {
  return fmt::format("{:.0f}s", std::chrono::duration<double>(d).count());
}

std::vector<std::string> stress_argv(const StressRequest& request) {
  auto hang_after = request.timeout;
  std::vector<std::string> argv{request.python.string(),
                                harness::script_path(request.scripts_dir, "stress.py").string(),
                                (request.run_dir / "result.json").string(),
                                (request.run_dir / "stacks.txt").string(),
                                (request.run_dir / "exercised.txt").string(),
                                std::to_string(request.threads),
                                std::to_string(request.iterations),
                                fmt::format("{:.1f}", std::chrono::duration<double>(hang_after).count()),
                                request.stress_file ? request.stress_file->string() : "-"};
  argv.insert(argv.end(), request.modules.begin(), request.modules.end());
  return argv;
}

exec::Environment stress_environment(const StressRequest& request, std::string& options) {
  auto env =
      interpreter::python_environment(request.gil_forced_off ? config::GilMode::off : config::GilMode::default_mode);
  if (request.sanitised) {
    options = tsan_options(request.run_dir / "tsan", request.suppressions);
    env.set("TSAN_OPTIONS", options);
  }
  return env;
}

std::string read_or_empty(const fs::path& file) { return read_text_file(file).value_or(""); }

// TSan's "FATAL: ThreadSanitizer: ..." (from a log or from stderr): the first
// one is kept, explained where it can be.
void keep_fatal(const TsanLog& log, StressRunOutcome& outcome) {
  if (log.fatal && !outcome.tsan_fatal) outcome.tsan_fatal = explain_tsan_fatal(*log.fatal).value_or(*log.fatal);
}

void read_tsan_logs(const fs::path& run_dir, StressRunOutcome& outcome) {
  auto logs = compat::read_tsan_logs(run_dir, "tsan.").merged;
  outcome.reports.insert(outcome.reports.end(), logs.reports.begin(), logs.reports.end());
  outcome.suppressed.insert(outcome.suppressed.end(), logs.suppressed.begin(), logs.suppressed.end());
  keep_fatal(logs, outcome);
}

// What stress.py wrote; an error when it cannot be read.
std::optional<std::string> read_result(const nlohmann::json& j, StressRunOutcome& outcome) {
  auto report = harness::parse_stress_report(j);
  if (!report) return report.error();
  outcome.watched = report->watched;
  outcome.gil_enabled_at_end = report->gil_enabled_at_end;
  outcome.functions = std::move(report->functions);
  if (report->error) outcome.detail = trim(tail_lines(*report->error, 8));
  return std::nullopt;
}

}  // namespace

std::string tsan_options(const fs::path& log_stem, const std::optional<fs::path>& suppressions, int exitcode) {
  // halt_on_error=0: every report of the run, not only the first. handle_segv=0:
  // a segfault reaches faulthandler, which prints every thread's stack.
  // print_suppressions=1: how many reports each rule hid.
  std::string options = fmt::format(
      "log_path={} halt_on_error=0 handle_segv=0 print_suppressions=1 "
      "second_deadlock_stack=1 exitcode={}",
      log_stem.string(), exitcode);
  if (suppressions) options += " suppressions=" + suppressions->string();
  return options;
}

StressRunOutcome run_stress(exec::ProcessRunner& runner, const StressRequest& request) {
  fs::create_directories(request.run_dir);
  StressRunOutcome outcome;
  exec::ProcessSpec spec;
  spec.argv = stress_argv(request);
  spec.env = stress_environment(request, outcome.tsan_options);
  spec.timeout = request.timeout + dump_grace(request.timeout);
  spec.cpus = request.cpus;
  spec.output_cap = 256 * 1024;
  spec.log_file = request.run_dir / "output.txt";
  spec.working_directory = request.run_dir;  // nothing in the user's directory shadows the installed modules
  auto run = harness::run_script(runner, spec, request.run_dir / "result.json");

  outcome.stacks = trim(without_hang_watch(read_or_empty(request.run_dir / "stacks.txt")));
  for (const auto& line : split_lines(read_or_empty(request.run_dir / "exercised.txt")))
    if (!trim(line).empty()) outcome.exercised.insert(trim(line));
  read_tsan_logs(request.run_dir, outcome);
  std::optional<std::string> unreadable;
  if (!run.output.is_discarded()) unreadable = read_result(run.output, outcome);

  using Problem = harness::ScriptRun::Problem;
  switch (run.problem) {
    case Problem::timed_out:
      outcome.ending = StressRunOutcome::Ending::hung;
      outcome.detail = fmt::format(
          "did not finish within {}, and had not ended itself after its stack dump {} later, so it was "
          "killed (the stacks below may be cut short)",
          seconds(request.timeout), seconds(dump_grace(request.timeout)));
      break;
    case Problem::crashed:
      if (run.process.signal == SIGQUIT && ended_by_hang_dump(outcome.stacks)) {  // stress.py's end_when_hung
        outcome.ending = StressRunOutcome::Ending::hung;
        outcome.detail = fmt::format(
            "did not finish within {}; every thread's stack was dumped, then the run was ended (SIGQUIT, for its "
            "core)",
            seconds(request.timeout));
        break;
      }
      outcome.ending = StressRunOutcome::Ending::crashed;
      outcome.detail = run.process.describe();
      break;
    case Problem::interrupted:
      outcome.ending = StressRunOutcome::Ending::interrupted;
      break;
    case Problem::none:
      outcome.ending = StressRunOutcome::Ending::finished;
      break;
    case Problem::exited:
      if (run.output.is_discarded() && ended_by_hang_dump(outcome.stacks)) {
        outcome.ending = StressRunOutcome::Ending::hung;
        outcome.detail =
            fmt::format("did not finish within {}; every thread's stack was dumped, then the run was ended",
                        seconds(request.timeout));
        break;
      }
      // ThreadSanitizer's exit code after reports: the result was written first.
      if (!run.output.is_discarded()) {
        outcome.ending = StressRunOutcome::Ending::finished;
        break;
      }
      [[fallthrough]];
    default:
      outcome.ending = StressRunOutcome::Ending::failed;
      if (outcome.detail.empty()) outcome.detail = run.describe(8);
      break;
  }
  if (unreadable && outcome.ending == StressRunOutcome::Ending::finished) {
    outcome.ending = StressRunOutcome::Ending::failed;
    outcome.detail = *unreadable;
  }
  bool left_a_core = outcome.ending == StressRunOutcome::Ending::crashed ||
                     (outcome.ending == StressRunOutcome::Ending::hung && run.problem == Problem::crashed);
  if (left_a_core) {
    if (auto core = core_file_in(request.run_dir)) {
      auto read = read_core_stacks(runner, request.python, *core);
      outcome.c_stacks = read.frames.empty() ? read.note : read.frames;
    } else {
      outcome.c_stacks = why_no_core(read_or_empty("/proc/sys/kernel/core_pattern"), request.sanitised);
    }
  }
  keep_fatal(parse_tsan_log(run.process.err), outcome);  // TSan that cannot start writes to stderr
  if (outcome.tsan_fatal) {
    outcome.ending = StressRunOutcome::Ending::failed;
    outcome.detail = *outcome.tsan_fatal;
  }
  return outcome;
}

std::string stress_reproduce_command(const StressRequest& request) {
  std::vector<std::string> argv{"env"};
  if (request.gil_forced_off) argv.push_back("PYTHON_GIL=0");
  if (request.sanitised) argv.push_back("TSAN_OPTIONS=" + tsan_options("tsan", request.suppressions));
  auto stress = stress_argv(request);
  argv.insert(argv.end(), stress.begin(), stress.end());
  return shell_join(argv);
}

}  // namespace gm::compat
