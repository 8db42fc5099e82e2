#pragma once
// The matrix file as plain structs. config/loader.cpp (with config/toml_reader)
// is the only code that reads TOML; everything else sees these.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "util/json_record.hpp"

namespace gm::config {

struct SourcePosition {
  std::string file;
  int line = 0;
  int column = 0;
  std::string describe() const;  // "file:line:col"
};

// How a cell's workers run: raw threads, forked processes, subinterpreters and
// asyncio tasks, and the pools people write (concurrent.futures' executors).
enum class Executor { threads, processes, interpreters, asyncio, thread_pool, process_pool, interpreter_pool };
enum class GilMode { default_mode, off, on };  // PYTHON_GIL unset, =0, =1

// How measured cells share the machine. packed: cells fill all cores at once,
// each pinned to cores of its own. exclusive: one measured cell at a time,
// the other cores idle (builds, installs and compatibility checks still use all).
enum class Isolation { packed, exclusive };

const char* to_string(Executor executor);
const char* to_string(GilMode mode);
const char* to_string(Isolation isolation);
std::optional<Executor> parse_executor(const std::string& text);
// Every executor's name, in the order the documentation lists them.
const std::vector<std::string>& executor_names();
std::optional<GilMode> parse_gil_mode(const std::string& text);
std::optional<Isolation> parse_isolation(const std::string& text);
GM_JSON_ENUM_BY_NAME(Executor, parse_executor)
GM_JSON_ENUM_BY_NAME(GilMode, parse_gil_mode)
GM_JSON_ENUM_BY_NAME(Isolation, parse_isolation)

// Samples per cell: a fixed count, or "auto": at least `count`, then more
// until the median is known precisely enough or the cell's time budget is spent.
struct Repeats {
  int count = 5;
  bool automatic = false;
  bool operator==(const Repeats&) const = default;
};

struct WorkerCount {
  bool all = false;  // "all" usable cores
  int count = 0;
  bool operator==(const WorkerCount&) const = default;
};

struct GitSource {
  std::string url;
  std::string ref;
};

enum class SourceFallback { interpreter, none };

struct BuildSpec {
  std::string name;
  // Exactly one of these says where the interpreter comes from.
  std::optional<std::string> interpreter;  // existing interpreter: path or name
  std::optional<std::string> version;      // release: "3.13" (newest 3.13.x) or "3.13.15"
  std::optional<GitSource> git;
  bool free_threaded = false;
  // sanitizer = "thread": configured --with-thread-sanitizer, so that the
  // interpreter and every extension compiled against it are instrumented.
  bool thread_sanitizer = false;
  std::vector<std::string> configure;
  std::optional<std::string> sha256;  // pin for the release tarball
  SourceFallback fallback = SourceFallback::interpreter;
  SourcePosition where;
};

struct PackageSet {
  std::string name;
  std::vector<std::string> requirements;
  std::optional<std::string> index_url;
  std::vector<std::string> find_links;
  // A Python file whose test_* functions many threads run at once on every
  // build (`stress = "FILE"`, absolute); none: only sanitised builds stress
  // the set, by importing its modules from many threads at once.
  std::optional<std::filesystem::path> stress;
  SourcePosition where;
};

// How thread-safety stress runs are made (`[stress]`, or check's options);
// see docs/THREAD_SAFETY.md.
struct StressSettings {
  int threads = 8;                                    // released together on each stress function
  int iterations = 100;                               // calls of each function per thread
  int runs = 10;                                      // fresh processes per GIL setting
  std::chrono::milliseconds timeout{120'000};         // per run; longer is a hang
  std::optional<std::filesystem::path> suppressions;  // the user's ThreadSanitizer rules, added to the build's own
};
// What each stress setting accepts: the loader's [stress] and check's options read these.
struct IntegerBounds {
  int low;
  int high;
};
inline constexpr IntegerBounds kStressThreads{2, 1024};
inline constexpr IntegerBounds kStressIterations{1, 1'000'000};
inline constexpr IntegerBounds kStressRuns{1, 1000};
inline constexpr std::chrono::milliseconds kShortestStressTimeout{1000};

// How carefully cells are measured; see docs/MEASUREMENT.md.
// How cells are measured: [defaults] in the matrix (config/loader.cpp's
// kMeasurementKeys names each setting's key there), and results.json's
// "measurement", which records these members under their own names. A new
// setting is a member here, its name in GM_JSON_RECORD below, and its row in
// kMeasurementKeys (CONTRIBUTING.md, "How a change travels").
struct Measurement {
  Isolation isolation = Isolation::exclusive;
  // One 1-worker sample lasts about this long; iterations are calibrated per
  // build and workload. 0: use the workload's ITERATIONS.
  std::chrono::milliseconds sample_time{500};
  // repeats = "auto": rounds until every compared figure's 95% interval is
  // within +-3% (speedups, free-threading overhead; a lone cell's median).
  double precision = 0.03;
  std::chrono::milliseconds cell_budget{20'000};  // repeats = "auto": measured time per cell at most
  // The whole run's measuring time (`budget`, --budget); 0: none. Rounds past
  // each group's share go to the figures furthest from the precision target.
  std::chrono::milliseconds run_budget{0};
  int max_samples = 40;                 // repeats = "auto"
  double interference_limit = 0.10;     // share of the watched cores others may take before a cell is disturbed
  int attempts = 3;                     // measurements of a disturbed cell, at most
  double plausible_margin = 0.05;       // speedups above workers x (1 + this) are physically implausible
  double expectation_tolerance = 0.25;  // a finding when a speedup is further than this from what is expected
  bool operator==(const Measurement&) const = default;
};
GM_JSON_RECORD(Measurement, isolation, sample_time, precision, cell_budget, run_budget, max_samples, interference_limit,
               attempts, plausible_margin, expectation_tolerance)

struct WorkloadSpec {
  std::string name;
  std::filesystem::path file;  // absolute
  std::string file_sha256;
  std::vector<Executor> executors;
  std::optional<std::vector<WorkerCount>> workers;
  std::optional<Repeats> repeats;
  std::optional<std::chrono::milliseconds> timeout;
  std::optional<int> iterations;  // units of work per worker per sample: overrides calibration
  std::optional<std::chrono::milliseconds> sample_time;
  std::optional<std::vector<GilMode>> gil_modes;
  std::optional<std::string> packages;  // a [[packages]] name
  std::vector<std::string> builds;      // empty: all builds
  SourcePosition where;
};

struct Defaults {
  std::vector<WorkerCount> workers{{false, 1}, {false, 2}, {false, 4}, {true, 0}};
  Repeats repeats;
  std::chrono::milliseconds timeout{120'000};
  std::chrono::milliseconds import_timeout{60'000};
  std::chrono::milliseconds install_timeout{20 * 60'000};  // one `pip install` (a build from source included)
  std::vector<GilMode> gil_modes{GilMode::default_mode};
  double unstable_cv = 0.10;  // coefficient of variation above which a cell is marked unstable
  Measurement measurement;
};

struct Matrix {
  int schema = 1;
  std::string name;
  std::filesystem::path file;  // absolute
  std::string file_sha256;
  std::string inputs_sha256;  // the matrix file and every workload file: what a run's cells depend on
  bool skip_missing = false;  // builds that cannot be had are skipped, not failures (`skip-missing = true`)
  Defaults defaults;
  std::vector<std::filesystem::path> mirrors;
  std::vector<BuildSpec> builds;
  std::vector<PackageSet> packages;
  std::vector<WorkloadSpec> workloads;
  StressSettings stress;

  const BuildSpec* find_build(const std::string& name) const;
  const PackageSet* find_packages(const std::string& name) const;
};

}  // namespace gm::config
