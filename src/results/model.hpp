#pragma once
// What a run found, independent of how it is stored or shown.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/expand.hpp"
#include "harness/protocol.hpp"

namespace gm::results {

inline constexpr int kSchemaVersion = 1;

struct EnvironmentInfo {
  std::string cpu_model;
  int usable_cores = 0;
  int online_cpus = 0;
  std::string os;
  std::string kernel;
  std::string arch;
  std::string compiler;  // that built gilmatrix
  std::string gilmatrix_version;
  std::vector<std::string> command;  // argv of this gilmatrix run
  std::string working_directory;

  static EnvironmentInfo of_this_machine(std::vector<std::string> command);
};

namespace build_status {
inline constexpr const char* ok = "ok";
inline constexpr const char* not_found = "interpreter not found";
inline constexpr const char* probe_failed = "probe failed";
inline constexpr const char* source_unavailable = "source unavailable";
inline constexpr const char* build_failed = "build failed";
}  // namespace build_status

struct BuildRecord {
  std::string name;
  std::string status = build_status::ok;
  std::string reason;  // one line, when status is not ok
  std::string origin;  // "interpreter", "source", "git", "fallback interpreter"
  std::string python;  // the executable measured
  std::optional<harness::ProbeInfo> probe;
  nlohmann::json details = nlohmann::json::object();  // source and build facts

  bool ok() const { return status == build_status::ok; }
};

namespace cell_status {
inline constexpr const char* ok = "ok";
inline constexpr const char* failed = "failed";
inline constexpr const char* timeout = "timeout";
inline constexpr const char* crashed = "crashed";
inline constexpr const char* unsupported = "unsupported";
inline constexpr const char* not_run = "not run";
}  // namespace cell_status

// A range a figure lies in with the stated confidence (see statistics.hpp for how it is computed).
struct Interval {
  double low = 0;
  double high = 0;
  bool operator==(const Interval&) const = default;
};

struct CellResult {
  config::Cell cell;
  std::string status = cell_status::not_run;
  std::vector<double> samples;  // seconds per sample: first worker start to last worker end
  int iterations = 0;           // units of work per worker per sample
  double median_seconds = 0;
  double cv = 0;  // coefficient of variation of the samples
  bool unstable = false;
  std::optional<double> speedup;  // weak scaling: workers * median(1) / median(workers)
  std::optional<Interval> speedup_interval;  // 95% interval of the speedup
  std::optional<bool> gil_enabled_after_import;
  std::optional<bool> gil_enabled_after;
  std::string error;
  std::vector<int> cpus;
  double wall_seconds = 0;  // the whole harness process, start-up included
};

namespace module_status {
inline constexpr const char* keeps_gil_disabled = "keeps GIL disabled";
inline constexpr const char* reenables_gil = "re-enables GIL";
inline constexpr const char* importable = "importable";  // GIL builds: nothing more to know
inline constexpr const char* import_error = "import error";
inline constexpr const char* crashed = "crashed";
inline constexpr const char* hung = "hung";
// the installed file is named for another interpreter, which this one never loads
inline constexpr const char* other_interpreter_binary = "built for another interpreter";
}  // namespace module_status

// One requirement of a package set, installed into one build's environment.
struct InstallRecord {
  std::string build;
  std::string package_set;
  std::string requirement;
  bool ok = false;
  std::string detail;  // when it failed: pip's output around the line that says why
  std::string log;
  std::string cause;  // when it failed: the line of pip's output that says why

  std::string reason() const;  // the cause, or the first line of the detail when there is none
};

// A package environment: what pip was told and what ended up installed.
struct EnvironmentRecord {
  std::string build;
  std::string package_set;
  std::string key;
  std::string python;
  std::vector<std::string> pip_options;
  bool reused = false;  // found complete in the cache: nothing was installed by this run
  struct Distribution {
    std::string name;
    std::string version;
    std::vector<std::string> modules;  // extension modules from its RECORD
  };
  std::vector<Distribution> distributions;
};

// One extension module imported alone in a fresh process (PYTHON_GIL unset).
struct ModuleCheck {
  std::string build;
  std::string package_set;
  std::string distribution;
  std::string version;
  std::string module;
  std::string status;         // module_status::*
  std::string attributed_to;  // the module the GIL warning named (may differ from `module`)
  std::string detail;         // traceback tail, signal, warning text
  std::string binding;        // "C API", "Cython", "pybind11", "nanobind", "PyO3"
  std::string fix;            // how to declare free-threading support for that binding
  std::string reproduce;      // one command that shows the finding
  bool free_threaded = false;

  bool problem() const;  // re-enables the GIL, crashes, hangs or fails to import
  bool fixable() const;  // `fix` says what to change: it re-enables the GIL or is a binary for another interpreter
};

// Every extension module of a set imported together in one process.
struct TogetherCheck {
  std::string build;
  std::string package_set;
  std::string status;
  std::optional<bool> gil_enabled_after;
  std::string attributed_to;
  std::string detail;
};

struct RunResults {
  int schema_version = kSchemaVersion;
  std::string matrix_name;
  std::string matrix_file;
  std::string matrix_sha256;
  std::string started_at;
  std::string finished_at;
  double wall_seconds = 0;
  bool interrupted = false;
  std::string reproduce;  // the command that reproduces this run
  EnvironmentInfo environment;
  std::vector<BuildRecord> builds;
  std::vector<CellResult> cells;
  std::vector<EnvironmentRecord> environments;
  std::vector<InstallRecord> installs;
  std::vector<ModuleCheck> module_checks;
  std::vector<TogetherCheck> together;
  std::vector<std::string> notes;

  const BuildRecord* find_build(const std::string& name) const;
};

}  // namespace gm::results
