#pragma once
// One run of the embedded runner.py (to calibrate or to measure), and what
// became of it: the runner's JSON, or why there is none.
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "config/matrix.hpp"
#include "exec/process.hpp"
#include "harness/protocol.hpp"
#include "results/status.hpp"

namespace gm::measure {

struct MeasureContext {
  exec::ProcessRunner& runner;
  std::filesystem::path scripts_dir;  // materialized harness scripts
  std::filesystem::path work_dir;     // the runner's output files
  std::filesystem::path log_dir;      // cell logs: <log_dir>/<build>/<workload>/<executor>-<gil>-xN.log
  // Sanitised builds by name: the TSAN_OPTIONS their runners get, from the
  // log stem under which each process writes its reports (tsan_log_dir).
  std::map<std::string, std::function<std::string(const std::filesystem::path& log_stem)>> tsan_options_of;
};

// Where the runners of `workload` on the sanitised `build` write ThreadSanitizer's logs.
std::filesystem::path tsan_log_dir(const MeasureContext& context, const std::string& build,
                                   const std::string& workload);

struct RunnerCall {
  std::filesystem::path python;
  std::filesystem::path workload;
  std::vector<std::string> arguments;  // after --workload, before --output
  config::GilMode gil_mode = config::GilMode::default_mode;
  std::vector<int> cpus;  // the process is pinned to these
  std::chrono::milliseconds timeout{0};
  std::filesystem::path log_file;  // everything the runner prints is appended here (none when empty)
  std::size_t layout_padding = 0;  // bytes of environment padding (measure/process_layout.hpp)
  std::string tsan_options;        // a sanitised build's (TSAN_OPTIONS); empty: not set
};

struct RunnerOutcome {
  results::CellStatus status = results::CellStatus::failed;
  std::string error;  // when status is not ok
  harness::RunnerResult result;
  double wall_seconds = 0;
};

// Runs the runner and classifies the outcome: ok, failed (exception, non-zero
// exit, unreadable output), crashed (signal), timeout (process group killed),
// unsupported, not run (interrupted), or no space (no result because the
// disk is full: not the cell's doing).
RunnerOutcome invoke_runner(const MeasureContext& context, const RunnerCall& call);

std::string comma_list(const std::vector<int>& cpus);

}  // namespace gm::measure
