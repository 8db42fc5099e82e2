#pragma once
// One stress run: a fresh process of an environment's python drives the
// extension modules from many threads at once (harness/python/stress.py),
// under ThreadSanitizer when the build is sanitised, and what it left behind
// (its result, faulthandler's stacks, the modules it called into, TSan's
// logs) is read back.
#include <chrono>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compat/tsan_report.hpp"
#include "exec/process.hpp"
#include "harness/protocol.hpp"

namespace gm::compat {

struct StressRequest {
  std::filesystem::path python;       // the environment's interpreter
  std::filesystem::path scripts_dir;  // materialised harness scripts
  std::vector<std::string> modules;   // the extension modules to watch (and import, without a stress file)
  std::optional<std::filesystem::path> stress_file;  // test_* functions; none: concurrent imports
  int threads = 8;
  int iterations = 100;
  bool gil_forced_off = false;  // PYTHON_GIL=0; otherwise the build's own choice (PYTHON_GIL unset)
  std::chrono::milliseconds timeout{120'000};
  std::filesystem::path run_dir;  // this run's files: result, stacks, TSan logs (kept: the report links them)
  // A sanitised build: TSAN_OPTIONS with this suppressions file (nullopt: none).
  bool sanitised = false;
  std::optional<std::filesystem::path> suppressions;
  std::vector<int> cpus;
};

using harness::StressFunction;

struct StressRunOutcome {
  enum class Ending { finished, crashed, hung, failed, interrupted };
  Ending ending = Ending::failed;
  std::string detail;               // how it ended: "killed by SIGSEGV", the harness error, ...
  std::string stacks;               // faulthandler's dump: every thread's Python stack (crash, hang)
  std::string c_stacks;             // a crash or a hang: every thread's C frames from its core (gdb), or why none
  std::set<std::string> exercised;  // modules Python code called into
  bool watched = false;             // the interpreter could report calls (sys.monitoring, 3.12+)
  std::vector<StressFunction> functions;
  std::optional<bool> gil_enabled_at_end;
  std::vector<TsanReport> reports;  // every TSan report of the process (and its children), each with its log
  std::vector<SuppressionHits> suppressed;
  std::optional<std::string> tsan_fatal;  // TSan could not run at all (explained)
  std::string tsan_options;               // as set, recorded
};

// gilmatrix's own suppression rule, added to every sanitised stress run:
// faulthandler's dump of every thread's stack (a crash, or a hang at the
// timeout) reads the other threads' frames without locks by design, and
// would otherwise add dozens of reports "in CPython itself" to each hang.
inline constexpr const char* kStackDumpSuppression = "race:_Py_DumpTracebackThreads";

// The TSAN_OPTIONS a stress run sets: a log per process under `log_stem`,
// the suppressions, segfaults left to faulthandler, reports not fatal; a
// process that reported something exits `exitcode` (66, TSan's own, tells a
// stress run it did; a workload cell's runner gives 0, its JSON says how the
// cell went).
std::string tsan_options(const std::filesystem::path& log_stem,
                         const std::optional<std::filesystem::path>& suppressions, int exitcode = 66);

StressRunOutcome run_stress(exec::ProcessRunner& runner, const StressRequest& request);

// The command that repeats one run by hand.
std::string stress_reproduce_command(const StressRequest& request);

}  // namespace gm::compat
