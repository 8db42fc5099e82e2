#pragma once
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exec/environment.hpp"

namespace gm::exec {

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0] is a path or a name looked up on env's PATH
  Environment env;
  std::optional<std::filesystem::path> working_directory;
  std::chrono::milliseconds timeout{0};           // 0: no limit
  std::vector<int> cpus;                          // pin the child (and its children) to these cores
  std::size_t output_cap = 1 << 20;               // bytes kept in memory per stream: beyond it, the first and last half
  std::optional<std::filesystem::path> log_file;  // all stdout+stderr also appended here
  std::function<void(std::string_view)> on_output;  // called with each chunk (for --verbose)
  std::optional<std::string> stdin_text;            // otherwise stdin is /dev/null
};

struct ProcessResult {
  enum class Outcome { exited, signaled, timed_out, interrupted, failed_to_start };
  Outcome outcome = Outcome::failed_to_start;
  int exit_code = -1;  // when exited
  int signal = 0;      // when signaled
  std::string out;
  std::string err;
  bool out_truncated = false;
  bool err_truncated = false;
  double wall_seconds = 0;
  std::string start_error;  // when failed_to_start
  std::string log_error;    // the log file could not be (fully) written, e.g. the disk is full

  bool ok() const { return outcome == Outcome::exited && exit_code == 0; }
  // "exited with code 3", "killed by SIGSEGV", "timed out after 10.0s", ...
  std::string describe() const;
};

std::string signal_name(int signal);

// The one place that starts processes. Tests substitute a fake.
class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  virtual ProcessResult run(const ProcessSpec& spec) = 0;
};

// Runs real processes, each as a job with its own reaper (job_tree.hpp): on
// timeout, on Ctrl-C (interrupt.hpp), when gilmatrix dies and when the
// command exits, every process the command started is killed, whether it
// stayed in the command's process group or not. run() returns once the whole
// job is gone, never waiting for a pipe some escaped process still holds.
class SystemProcessRunner final : public ProcessRunner {
 public:
  ProcessResult run(const ProcessSpec& spec) override;
};

// Runs a short command (`gcc --version`) with the minimal environment and
// returns the first line it printed (stdout, else stderr), trimmed; nothing
// when it could not run or failed.
std::optional<std::string> first_output_line(ProcessRunner& runner, std::vector<std::string> argv,
                                             std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace gm::exec
