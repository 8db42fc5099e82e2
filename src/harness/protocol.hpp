#pragma once
// The JSON the Python scripts write, as C++ structs.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/error.hpp"
#include "util/json_record.hpp"

namespace gm::harness {

struct ProbeInfo {
  std::string executable;
  std::string version;  // "3.13.0"
  std::string implementation;
  bool free_threaded = false;  // Py_GIL_DISABLED
  bool gil_enabled = true;     // sys._is_gil_enabled() at start, PYTHON_GIL unset
  std::string ext_suffix;
  std::string abiflags;
  std::string soabi;
  std::string platform;
  std::string compiler;
  std::string prefix;
  std::string config_args;
  bool in_venv = false;
  bool subinterpreters = false;
  bool operator==(const ProbeInfo&) const = default;
};
GM_JSON_RECORD(ProbeInfo, executable, version, implementation, free_threaded, gil_enabled, ext_suffix, abiflags, soabi,
               platform, compiler, prefix, config_args, in_venv, subinterpreters)

// One timed sample as runner.py reports it (protocol 2). The runner only
// records; gilmatrix does the arithmetic (measure/interference.hpp).
struct RunnerSample {
  double seconds = 0;                    // first worker's start to last worker's end
  double work_cpu = 0;                   // CPU seconds the timed work used, all workers together
  double own_cpu = 0;                    // CPU seconds the runner's process tree used in the window
  double window = 0;                     // seconds between the two snapshots that bracket the sample
  std::vector<std::string> stat_before;  // /proc/stat lines of the watched cores
  std::vector<std::string> stat_after;
  int workers = 0;    // workers that took it (--schedule); 0 in output of runners before it
  double rss_mb = 0;  // peak resident memory during it (runner plus largest worker); 0 when unknown
};
GM_JSON_RECORD(RunnerSample, seconds, work_cpu, own_cpu, window, stat_before, stat_after, workers, rss_mb)

struct RunnerResult {
  std::string status;  // a cell status word: ok, failed, crashed, unsupported, ...
  std::vector<RunnerSample> samples;
  int iterations = 0;
  double unit_seconds = 0;  // calibration: seconds per unit of work
  long clock_ticks_per_second = 100;
  std::string description;          // the workload's first doc line
  nlohmann::json expected_speedup;  // the workload's EXPECTED_SPEEDUP, as written
  std::string interpreters_api;     // which subinterpreter API ran
  double max_rss_mb = 0;            // peak resident memory of the runner and its largest worker process
  std::optional<bool> gil_enabled_at_start;
  std::optional<bool> gil_enabled_after_import;
  std::optional<bool> gil_enabled_after;
  std::string error;
};
GM_JSON_RECORD(RunnerResult, status, samples, iterations, unit_seconds, clock_ticks_per_second, description,
               expected_speedup, interpreters_api, max_rss_mb, gil_enabled_at_start, gil_enabled_after_import,
               gil_enabled_after, error)

// What import_check.py found importing modules in a fresh process.
struct ImportCheckReport {
  std::optional<bool> gil_enabled_after;     // sys._is_gil_enabled() after the imports (absent before 3.13)
  std::optional<std::string> attributed_to;  // the module the GIL RuntimeWarning named
  std::optional<std::string> error;          // the traceback when an import failed
  std::optional<std::string> warning;        // the warning's text
};
GM_JSON_RECORD(ImportCheckReport, gil_enabled_after, attributed_to, error, warning)

// One function stress.py called from every thread at once.
struct StressFunction {
  std::string name;  // "test_add", "import pvectorc"
  int calls = 0;
  int failures = 0;
  std::string first_failure;  // traceback
};
GM_JSON_RECORD(StressFunction, name, calls, failures, first_failure)

// What stress.py wrote when it ran to its end (the stacks and the exercised
// modules are files of their own, written while it runs).
struct StressReport {
  bool watched = false;  // the interpreter could report calls (sys.monitoring, 3.12+)
  std::optional<bool> gil_enabled_at_end;
  std::vector<StressFunction> functions;
  std::optional<std::string> error;  // the harness's own failure: a traceback, or no test_* function
};
GM_JSON_RECORD(StressReport, watched, gil_enabled_at_end, functions, error)

// What list_extensions.py found in a venv: each distribution's extension
// modules, from its RECORD.
struct ExtensionModule {
  std::string module;  // dotted name
  std::filesystem::path file;
};
GM_JSON_RECORD(ExtensionModule, module, file)

struct InstalledDistribution {
  std::string name;
  std::string version;
  std::vector<ExtensionModule> modules;
  // Files named for another interpreter (.cpython-313-... on 3.13t) with no
  // loadable file of the same module beside them: this interpreter never loads them.
  std::vector<ExtensionModule> other_interpreter_binaries;
};
GM_JSON_RECORD(InstalledDistribution, name, version, modules, other_interpreter_binaries)

Expected<ProbeInfo> parse_probe(const std::string& json_text);
// What noise_probe.py measured: one core's samples, every core's at once,
// and /proc/stat around it all (for the steal time).
struct NoiseProbeOutput {
  std::vector<double> one_core;
  std::vector<std::vector<double>> all_cores;  // a sample per core, per round
  std::vector<std::string> stat_before, stat_after;
  long clock_ticks_per_second = 100;
};
GM_JSON_RECORD(NoiseProbeOutput, one_core, all_cores, stat_before, stat_after, clock_ticks_per_second)

// Each refused with what is wrong when a member has the wrong type or range.
Expected<ImportCheckReport> parse_import_check(const nlohmann::json& j);
Expected<StressReport> parse_stress_report(const nlohmann::json& j);
Expected<NoiseProbeOutput> parse_noise_probe(const nlohmann::json& j);  // refused without samples
Expected<std::vector<InstalledDistribution>> parse_extension_listing(const nlohmann::json& j);
Expected<RunnerResult> parse_runner_result(const nlohmann::json& j);  // as run_script read it
inline constexpr int kRunnerProtocol = 2;

}  // namespace gm::harness
