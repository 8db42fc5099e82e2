#pragma once
// What stress runs found per extension module: the thread-safety verdicts
// beside the GIL verdicts (docs/THREAD_SAFETY.md).
#include <string>
#include <vector>

#include "results/status.hpp"
#include "util/json_record.hpp"

namespace gm::results {

bool is_problem(ThreadVerdict verdict);  // race, crash, hang

// One distinct ThreadSanitizer report (same kind, same functions on its
// first two stacks), counted over every run.
struct RaceFinding {
  std::string kind;      // "data race"
  std::string module;    // the module blamed; "" in CPython itself
  std::string function;  // the module's frame (or the top frame when none)
  std::string file;
  int line = 0;
  std::string top;               // the report's first frame, "function file:line"
  int reports = 0;               // reports of it over all runs
  int runs = 0;                  // runs that showed it
  bool forced_off_only = false;  // seen only with PYTHON_GIL=0
  std::string log;               // a log file holding the raw report
  std::string text;              // the first raw report
  bool operator==(const RaceFinding&) const = default;
};
GM_JSON_RECORD(RaceFinding, kind, module, function, file, line, top, reports, runs, forced_off_only, log, text)

// How a module says it runs without the GIL.
struct Declaration {
  DeclarationState state = DeclarationState::unknown;  // unknown: no sources, and a GIL build's import cannot tell
  std::string how;    // "Py_mod_gil slot", "PyUnstable_Module_SetGIL", ...; "at import" when only the import showed it
  std::string where;  // "racy_counter.c:17" when read from the sources
  bool operator==(const Declaration&) const = default;
};
GM_JSON_RECORD(Declaration, state, how, where)

struct ThreadSafetyCheck {
  std::string build;
  std::string package_set;  // "check" for `gilmatrix check`
  std::string distribution;
  std::string version;
  std::string module;
  ThreadVerdict verdict = ThreadVerdict::not_exercised;
  Declaration declaration;
  std::vector<RaceFinding> races;  // distinct reports blamed on this module
  int runs = 0;                    // stress runs, every GIL setting's
  int failed_runs = 0;             // runs that crashed or hung with it exercised
  int threads = 0;
  int iterations = 0;
  bool forced_off_only = false;  // fails only with PYTHON_GIL=0 (the build's own choice re-enables the GIL)
  std::string statement;         // clean: what the runs rule out
  std::string detail;            // crash: the signal; hang: how long
  std::string stacks;            // crash, hang: every thread's Python stack
  std::string c_stacks;          // crash: every thread's C frames (gdb, from the core), or why there are none
  std::string
      finding;      // the headline, e.g. "declares free-threading support, and ThreadSanitizer reports a race in it"
  std::string fix;  // clean and undeclared: how to declare support
  std::string reproduce;
  bool operator==(const ThreadSafetyCheck&) const = default;
};
GM_JSON_RECORD(ThreadSafetyCheck, build, package_set, distribution, version, module, verdict, declaration, races, runs,
               failed_runs, threads, iterations, forced_off_only, statement, detail, stacks, c_stacks, finding, fix,
               reproduce)

struct SuppressionRule {
  std::string rule;     // "race:releaseNode"
  std::string origin;   // "CPython" (the build's Tools/tsan file), "gilmatrix" (its stack dump) or the user's file
  int reports = 0;      // reports it hid over all runs
  std::string warning;  // a broad rule: what it can hide
  bool operator==(const SuppressionRule&) const = default;
};
GM_JSON_RECORD(SuppressionRule, rule, origin, reports, warning)

struct StressFunctionTally {
  std::string name;
  int calls = 0;
  int failures = 0;
  bool forced_off_only = false;
  std::string first_failure;
  bool operator==(const StressFunctionTally&) const = default;
};
GM_JSON_RECORD(StressFunctionTally, name, calls, failures, forced_off_only, first_failure)

// The package set `gilmatrix check` installs its targets as.
inline constexpr const char* kCheckPackageSet = "check";

// One build's stress runs of one package set, as a whole.
struct StressSummary {
  std::string build;
  std::string package_set;
  bool sanitised = false;
  std::string stress_file;  // "" : concurrent imports
  int runs = 0;
  int threads = 0;
  int iterations = 0;
  std::vector<std::string> settings;  // "PYTHON_GIL=0", "as the build chooses"
  std::string tsan_options;
  std::vector<RaceFinding> in_cpython;  // reports with no frame in any module: never blamed on a package
  std::vector<RaceFinding> in_other_libraries;
  std::vector<SuppressionRule> suppressions;
  std::vector<StressFunctionTally> functions;
  std::vector<std::string> problems;  // runs that failed to run at all (TSan could not start, the harness failed)
  std::string run_dir;

  bool covers(const ThreadSafetyCheck& module) const {
    return module.build == build && module.package_set == package_set;
  }
  bool operator==(const StressSummary&) const = default;
};
GM_JSON_RECORD(StressSummary, build, package_set, sanitised, stress_file, runs, threads, iterations, settings,
               tsan_options, in_cpython, in_other_libraries, suppressions, functions, problems, run_dir)

// ThreadSanitizer's reports from a matrix's workload cells on a sanitised
// build: every runner process of one workload on that build logs its reports
// (log_path), read back after measuring and blamed like a stress run's, on
// the module of the workload's package set whose code is on the stack. The
// cells' times are an instrumented build's: they compare with each other
// only (docs/THREAD_SAFETY.md).
struct WorkloadRaces {
  std::string build;
  std::string workload;
  std::string package_set;  // whose modules reports are blamed on ("" : the workload imports none)
  int logs = 0;             // log files read: processes that reported something
  std::vector<RaceFinding> in_modules;
  std::vector<RaceFinding> in_cpython;  // never blamed on a package
  std::vector<RaceFinding> in_other_libraries;
  std::vector<SuppressionRule> suppressions;  // rules that hid reports, with their counts
  std::string tsan_options;
  std::string log_dir;
  bool operator==(const WorkloadRaces&) const = default;
};
GM_JSON_RECORD(WorkloadRaces, build, workload, package_set, logs, in_modules, in_cpython, in_other_libraries,
               suppressions, tsan_options, log_dir)

// "clean in 10 of 10 runs with 8 threads: a failure that shows up in more
// than 26% of runs would have been seen with 95% probability".
double detectable_rate(int runs, double confidence = 0.95);
std::string detection_statement(int runs, int threads, int iterations);

}  // namespace gm::results
