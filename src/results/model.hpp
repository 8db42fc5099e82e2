#pragma once
// What a run found, independent of how it is stored or shown. Each record
// lists its members for JSON once, below it (util/json_record.hpp): a member's
// name is its key in results.json and the journal.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/expand.hpp"
#include "harness/protocol.hpp"
#include "results/build_details.hpp"
#include "results/status.hpp"
#include "results/thread_safety.hpp"
#include "util/json_record.hpp"

namespace gm::results {

// 2: measurement quality (intervals, interference, attempts, cores busy,
// calibration), workloads, free-threading overhead, findings, machine facts.
// 3: thread safety (`thread_safety`, `stress_runs`: the stress runs of
// [[packages]] `stress` and of sanitised builds); later `workload_races`
// (ThreadSanitizer's reports from workload cells), absent in older files.
// Version 1 and 2 files are still read.
inline constexpr int kSchemaVersion = 3;
inline constexpr int kOldestReadableSchemaVersion = 1;  // readers accept every version from this one on

struct MachineInfo {
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
  std::string home;  // $HOME, which reports write as ~
  // What can skew numbers on this machine (see util/system_info.hpp).
  std::string governor;                   // cpufreq governor of the usable cores, "" when there is no cpufreq
  std::string turbo;                      // "on", "off" or "" when unknown
  std::vector<std::string> smt_siblings;  // groups of usable cores that share a physical core, e.g. "0,4"
  bool virtualized = false;               // a hypervisor: its steal time may not all be visible
  double load_average = 0;                // 1-minute load average before measuring
  std::vector<std::string> warnings;      // what the report should warn about

  static MachineInfo of_this_machine(std::vector<std::string> command);
  bool operator==(const MachineInfo&) const = default;
};
GM_JSON_RECORD(MachineInfo, cpu_model, usable_cores, online_cpus, os, kernel, arch, compiler, gilmatrix_version,
               command, working_directory, home, governor, turbo, smt_siblings, virtualized, load_average, warnings)

namespace build_origin {
// A build made earlier from the same recipe, used because no source could be had.
inline constexpr const char* cached_build = "cached build";
}  // namespace build_origin

struct BuildRecord {
  std::string name;
  BuildStatus status = BuildStatus::ok;
  std::string reason;  // one line, when status is not ok
  std::string origin;  // "interpreter", "source", "git", "fallback interpreter", "cached build"
  std::string python;  // the executable measured
  std::optional<harness::ProbeInfo> probe;
  BuildDetails details;  // source and build facts

  bool ok() const { return status == BuildStatus::ok; }
  // Could not be had at all (not found, no source): what --skip-missing skips.
  // A build that failed or an interpreter that is not what was asked for is not missing.
  bool missing() const { return status == BuildStatus::not_found || status == BuildStatus::source_unavailable; }
  bool operator==(const BuildRecord&) const = default;
};
GM_JSON_RECORD(BuildRecord, name, status, reason, origin, python, probe, details)

// A range a figure lies in with the stated confidence (see statistics.hpp for how it is computed).
struct Interval {
  double low = 0;
  double high = 0;
  bool operator==(const Interval&) const = default;
};
GM_JSON_RECORD(Interval, low, high)

// One run of the harness for a cell: a round of samples, kept or discarded.
struct Attempt {
  std::vector<double> samples;
  std::vector<double> cores_busy;
  double others_share = 0;  // of the watched cores, taken by other processes
  double steal_share = 0;   // taken by the hypervisor
  // How far the two shares can be off (/proc/stat counts whole ticks): a round
  // is disturbed when they exceed the limit by more than this.
  double load_resolution = 0;
  bool kept = true;
  std::string note;  // why it was discarded
  // Paired rounds (see results/paired.hpp): which round of the cell's round
  // group this attempt was, -1 when it was not measured in paired rounds.
  int round = -1;
  double max_rss_mb = 0;           // peak resident memory of the round's process tree, 0 when unknown
  std::size_t layout_padding = 0;  // bytes of environment padding its process had (measure/process_layout.hpp)
  bool operator==(const Attempt&) const = default;
};
// Left out as files before them never held them.
GM_JSON_OMIT_WHEN_DEFAULT(Attempt, round, max_rss_mb, load_resolution, layout_padding)
GM_JSON_RECORD(Attempt, samples, cores_busy, others_share, steal_share, load_resolution, kept, note, round, max_rss_mb,
               layout_padding)

struct CellResult {
  config::Cell cell;
  CellStatus status = CellStatus::not_run;
  std::vector<double> samples;    // seconds per sample (kept attempts): first worker start to last worker end
  int iterations = 0;             // units of work per worker per sample
  std::string iterations_source;  // "calibrated", "workload" (its ITERATIONS) or "matrix"
  double median_seconds = 0;
  std::optional<Interval> median_interval;  // 95% interval of the median sample
  double cv = 0;                            // coefficient of variation of the samples
  bool unstable = false;
  std::string stop_reason;                   // why sampling stopped
  std::optional<double> speedup;             // weak scaling: workers * median(1) / median(workers)
  std::optional<Interval> speedup_interval;  // 95% interval of the speedup
  std::optional<double> efficiency;          // speedup / workers
  std::vector<double> cores_busy;            // per kept sample: CPU time of the work / its wall time
  double cores_busy_median = 0;
  std::vector<int> watched_cpus;  // cores whose load was watched: the cell's own, or all (exclusive)
  double others_share = 0;        // kept samples: share of the watched cores other processes used
  double steal_share = 0;         // kept samples: share the hypervisor took
  bool disturbed = false;         // still above the interference limit after every attempt
  bool implausible = false;       // speedup above workers x (1 + margin) even after re-measuring the baseline
  std::vector<Attempt> attempts;
  // Cells measured in the same interleaved rounds share this name (unique to
  // the run): their kept attempts with the same `round` ran seconds apart, so
  // ratios between them are taken round by round. Empty: not paired.
  std::string round_group;
  std::optional<bool> gil_enabled_after_import;
  std::optional<bool> gil_enabled_after;
  std::string error;
  std::vector<int> cpus;
  double wall_seconds = 0;  // the whole harness process, start-up included
  bool operator==(const CellResult&) const = default;
};
// Every member but `cell`, which results/json_io.cpp writes flat beside them
// (key, build, workload, ...); to_json and from_json are there.
void to_json(nlohmann::json& j, const CellResult& cell);
void from_json(const nlohmann::json& j, CellResult& cell);
GM_JSON_MEMBERS(CellResult, status, samples, iterations, iterations_source, median_seconds, median_interval, cv,
                unstable, stop_reason, speedup, speedup_interval, efficiency, cores_busy, cores_busy_median,
                watched_cpus, others_share, steal_share, disturbed, implausible, attempts, round_group,
                gil_enabled_after_import, gil_enabled_after, error, cpus, wall_seconds)

// The GIL state to show for a cell: only one that measured. A failed cell's
// runner still reports its own process's state, which says nothing about the
// workload (with PYTHON_GIL=0 it is "off" whatever the workload would have done).
std::optional<bool> measured_gil_after(const CellResult& cell);

// The requirement an InstallRecord names when the environment itself (the venv)
// could not be made: no package was tried.
inline constexpr const char* kEnvironmentRequirement = "(environment)";

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
  bool environment_failed() const { return !ok && requirement == kEnvironmentRequirement; }
  bool operator==(const InstallRecord&) const = default;
};
GM_JSON_RECORD(InstallRecord, build, package_set, requirement, ok, detail, log, cause)

// A package environment: what pip was told and what ended up installed.
struct PackageEnvironmentRecord {
  std::string build;
  std::string package_set;
  std::string key;
  std::string python;
  std::vector<std::string> pip_options;
  bool reused = false;  // found complete in the cache: nothing was installed by this run
  struct Distribution {
    std::string name;
    std::string version;
    std::vector<std::string> extension_modules;  // from its RECORD
    bool operator==(const Distribution&) const = default;
  };
  std::vector<Distribution> distributions;
  bool operator==(const PackageEnvironmentRecord&) const = default;
};
GM_JSON_RECORD(PackageEnvironmentRecord::Distribution, name, version, extension_modules)
GM_JSON_RECORD(PackageEnvironmentRecord, build, package_set, key, python, pip_options, reused, distributions)

// One extension module imported alone in a fresh process (PYTHON_GIL unset).
struct ModuleCheck {
  std::string build;
  std::string package_set;
  std::string distribution;
  std::string version;
  std::string module;
  ModuleStatus status = ModuleStatus::importable;
  std::string attributed_to;  // the module the GIL warning named (may differ from `module`)
  std::string detail;         // traceback tail, signal, warning text
  std::string binding;        // "C API", "Cython", "pybind11", "nanobind", "PyO3"
  std::string fix;            // how to declare free-threading support for that binding
  std::string reproduce;      // one command that shows the finding
  bool free_threaded = false;

  bool problem() const;  // re-enables the GIL, crashes, hangs or fails to import
  bool fixable() const;  // `fix` says what to change: it re-enables the GIL or is a binary for another interpreter
  bool operator==(const ModuleCheck&) const = default;
};
GM_JSON_OMIT_WHEN_DEFAULT(ModuleCheck, fix)  // only a module that re-enables the GIL has one
GM_JSON_RECORD(ModuleCheck, build, package_set, distribution, version, module, status, attributed_to, detail, binding,
               fix, reproduce, free_threaded)

// Every extension module of a set imported together in one process.
struct TogetherCheck {
  std::string build;
  std::string package_set;
  ModuleStatus status = ModuleStatus::importable;
  std::optional<bool> gil_enabled_after;
  std::string attributed_to;
  std::string detail;
  bool operator==(const TogetherCheck&) const = default;
};
GM_JSON_RECORD(TogetherCheck, build, package_set, status, gil_enabled_after, attributed_to, detail)

// What a workload file says about itself (runner.py reports it).
struct WorkloadInfo {
  std::string name;
  std::string file;
  std::string description;
  nlohmann::json expected_speedup;  // EXPECTED_SPEEDUP as written; see results/expectations.hpp
  std::string sha256;               // of the file measured; "" in files written before it was recorded
  bool operator==(const WorkloadInfo&) const = default;
};
GM_JSON_RECORD(WorkloadInfo, name, file, description, expected_speedup, sha256)

// Single-worker slowdown of a free-threaded build against the GIL build of
// the same version, source and configure flags.
struct OverheadRecord {
  std::string workload;
  std::string executor;
  std::string free_threaded_build;
  std::string gil_build;
  double slowdown = 0;  // wall time: 0.24: the free-threaded build takes 24% longer per unit of work
  std::optional<Interval> interval;
  double free_threaded_unit_seconds = 0;  // median seconds per unit of work, 1 worker
  double gil_unit_seconds = 0;
  // The same from the CPU time the work used (time the host stole from the
  // vCPU is not charged to it): the headline figure when measured.
  std::optional<double> cpu_slowdown;
  std::optional<Interval> cpu_interval;
  // Peak resident memory of the 1-worker process, free-threaded over GIL, minus 1.
  std::optional<double> memory_overhead;
  std::optional<Interval> memory_interval;
  double free_threaded_rss_mb = 0;
  double gil_rss_mb = 0;
  int rounds = 0;  // paired rounds the figures come from; 0: the two cells were measured apart
  bool operator==(const OverheadRecord&) const = default;
};
GM_JSON_RECORD(OverheadRecord, workload, executor, free_threaded_build, gil_build, slowdown, interval,
               free_threaded_unit_seconds, gil_unit_seconds, cpu_slowdown, cpu_interval, memory_overhead,
               memory_interval, free_threaded_rss_mb, gil_rss_mb, rounds)

// A deviation worth a person's attention: a speedup far from what the
// workload expects, or a figure that cannot be trusted.
struct Finding {
  std::string kind;  // finding_kind::*
  std::string cell;  // the cell's key, or "" for a series
  std::string text;  // one sentence
  bool operator==(const Finding&) const = default;
};
GM_JSON_RECORD(Finding, kind, cell, text)

namespace finding_kind {
inline constexpr const char* expectation = "expectation";
inline constexpr const char* disturbed = "disturbed";
inline constexpr const char* implausible = "implausible";
inline constexpr const char* unstable = "unstable";    // written by earlier versions only
inline constexpr const char* imprecise = "imprecise";  // one per workload: speedups that missed the precision target
inline constexpr const char* regimes = "regimes";      // a speedup whose rounds fell into two groups far apart
}  // namespace finding_kind

// The measurement settings of a run, as results.json records them: the
// matrix's (config::Measurement, one record for both) and how paired ratios
// were estimated.
struct MeasurementSettings : config::Measurement {
  // "trimmed-mean" (results/trimmed_mean.hpp), or "median-bootstrap" in results
  // files written before it.
  std::string ratio_estimator;
  // False in results files written before the settings were: every figure is
  // then 0, and the file holds "isolation": "" (what gilmatrix wrote for them).
  bool recorded = true;
  bool operator==(const MeasurementSettings&) const = default;

  static MeasurementSettings of(const config::Measurement& matrix, std::string ratio_estimator);
  static MeasurementSettings unrecorded();
};
void to_json(nlohmann::json& j, const MeasurementSettings& settings);
void from_json(const nlohmann::json& j, MeasurementSettings& settings);

// The machine's own noise, measured before the cells (measure/noise_floor.hpp).
struct NoiseFloor {
  double sample_seconds = 0;  // length of one probe sample
  int samples = 0;            // per core
  double cv_one_core = 0;     // a fixed pure-Python loop on one core, alone
  double cv_all_cores = 0;    // the same loop on every usable core at once
  double pair_cv = 0;         // spread of the ratio of two neighbouring samples (what pairing leaves)
  double steal_share = 0;     // of the probed cores' time, taken by the hypervisor
  double precision = 0;       // the target the prediction is for
  int predicted_rounds = 0;   // paired rounds a ratio needs to reach it
  std::string python;         // the interpreter that ran the loop
  bool operator==(const NoiseFloor&) const = default;
};
GM_JSON_RECORD(NoiseFloor, sample_seconds, samples, cv_one_core, cv_all_cores, pair_cv, steal_share, precision,
               predicted_rounds, python)

// Which part of a matrix a `run --shard K/N` measured: whole builds, so each
// build is compiled in one shard only.
struct ShardInfo {
  int index = 1;  // 1-based
  int total = 1;
  std::vector<std::string> builds;         // this shard's, in matrix order
  std::vector<std::string> matrix_builds;  // every build of the matrix, in its order
  bool operator==(const ShardInfo&) const = default;
};
GM_JSON_RECORD(ShardInfo, index, total, builds, matrix_builds)

struct RunResults {
  int schema_version = kSchemaVersion;  // of the file read; files are written with kSchemaVersion
  std::string matrix_name;
  std::string matrix_file;
  std::string matrix_sha256;
  std::string started_at;
  std::string finished_at;
  double wall_seconds = 0;
  bool interrupted = false;
  std::string reproduce;               // the command that reproduces this run
  std::string cache_dir;               // the build cache used; reports write it as $GILMATRIX_CACHE
  bool skip_missing = false;           // builds that could not be had were skipped (--skip-missing)
  std::vector<std::string> selection;  // the narrowing options of `run` ("--workload a,b"); empty: the whole matrix
  MachineInfo environment;
  std::vector<BuildRecord> builds;
  std::vector<CellResult> cells;
  std::vector<PackageEnvironmentRecord> environments;
  std::vector<InstallRecord> installs;
  std::vector<ModuleCheck> module_checks;
  std::vector<TogetherCheck> together;
  std::vector<ThreadSafetyCheck> thread_safety;  // stress runs' verdicts per (build, package set, module)
  std::vector<StressSummary> stress_runs;        // each (build, package set)'s stress runs as a whole
  std::vector<WorkloadRaces> workload_races;     // TSan's reports from the workload cells of sanitised builds
  MeasurementSettings measurement = MeasurementSettings::unrecorded();
  std::vector<WorkloadInfo> workloads;
  std::vector<OverheadRecord> overhead;
  std::vector<Finding> findings;
  // The package set whose environment each workload ran in (workloads without one are absent).
  std::map<std::string, std::string> workload_package_sets;
  std::optional<ShardInfo> shard;
  std::optional<NoiseFloor> noise_floor;
  std::vector<std::string> notes;

  const BuildRecord* find_build(const std::string& name) const;
};
// Every member but schema_version and matrix_*, which results/json_io.cpp writes around them.
GM_JSON_MEMBERS(RunResults, started_at, finished_at, wall_seconds, interrupted, reproduce, cache_dir, skip_missing,
                selection, environment, builds, cells, environments, installs, module_checks, together, thread_safety,
                stress_runs, workload_races, measurement, workloads, overhead, findings, workload_package_sets, shard,
                noise_floor, notes)

}  // namespace gm::results
