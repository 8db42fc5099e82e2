#include "pipeline/run_matrix.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>

#include <fmt/format.h>

#include "config/expand.hpp"
#include "exec/interrupt.hpp"
#include "measure/cell_measurement.hpp"
#include "measure/noise_floor.hpp"
#include "pipeline/compatibility.hpp"
#include "pipeline/measure_cells.hpp"
#include "pipeline/measuring_lock.hpp"
#include "pipeline/run_command_line.hpp"
#include "pipeline/run_directory.hpp"
#include "pipeline/stress_extensions.hpp"
#include "pipeline/workload_sanitizer.hpp"
#include "report/report_folder.hpp"
#include "report/thread_safety_output.hpp"
#include "results/findings.hpp"
#include "results/json_io.hpp"
#include "results/overhead.hpp"
#include "results/paired.hpp"
#include "util/duration.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"
#include "util/system_info.hpp"
#include "util/terminal.hpp"

namespace gm::pipeline {
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

fs::path choose_out_dir(const RunOptions& options, const config::Matrix& matrix) {
  if (options.out_dir) return fs::absolute(*options.out_dir);
  return fs::absolute(fs::path("reports") / (matrix.name + "-" + utc_timestamp_compact()));
}

// What identifies the run: the matrix, the machine, the command, the cache.
results::RunResults start_results(const config::Matrix& matrix, const RunOptions& options, const Workspace& workspace) {
  results::RunResults run;
  run.matrix_name = matrix.name;
  run.matrix_file = matrix.file.string();
  run.matrix_sha256 = matrix.file_sha256;
  run.started_at = utc_timestamp_iso();
  run.environment = results::MachineInfo::of_this_machine(options.argv);
  run.reproduce = reproduce_command(options.argv, default_cache_root());
  run.cache_dir = workspace.cache_root.string();
  run.skip_missing = options.skip_missing;
  run.selection = options.selection;
  for (const auto& w : matrix.workloads)
    if (w.packages) run.workload_package_sets[w.name] = *w.packages;
  run.shard = options.shard;
  return run;
}

// The builds that can be measured, by name, and what expansion needs to know of them.
struct UsableBuilds {
  std::map<std::string, const PreparedBuild*> by_name;
  std::vector<config::BuildTraits> traits;
};

UsableBuilds record_builds(results::RunResults& run, const std::vector<PreparedBuild>& builds) {
  UsableBuilds usable;
  for (const auto& b : builds) {
    run.builds.push_back(b.record);
    if (!b.record.ok()) continue;
    usable.by_name[b.record.name] = &b;
    usable.traits.push_back({b.record.name, b.record.probe->free_threaded, b.record.probe->version});
  }
  return usable;
}

CompatibilityResults check_packages(results::RunResults& run, const config::Matrix& matrix,
                                    const std::vector<PreparedBuild>& builds, Workspace& workspace) {
  if (matrix.packages.empty()) return {};
  auto compatibility = check_compatibility(builds, matrix.packages, workspace, matrix.defaults.import_timeout,
                                           matrix.defaults.install_timeout);
  run.environments = compatibility.environment_records;
  run.installs = compatibility.installs;
  run.module_checks = compatibility.modules;
  run.together = compatibility.together;
  return compatibility;
}

// Thread safety: a set with a stress file is driven by it on every build;
// every other set's modules are imported from many threads at once on the
// sanitised builds. Logs go to the run's folder, logs/stress/<set>/<build>/.
void stress_packages(results::RunResults& run, const config::Matrix& matrix, const std::vector<PreparedBuild>& builds,
                     const CompatibilityResults& compatibility, OutputFolder& out, Workspace& workspace) {
  bool any_sanitised = std::any_of(builds.begin(), builds.end(), [](const PreparedBuild& b) {
    return b.record.ok() && b.record.details.thread_sanitized();
  });
  std::vector<StressTarget> targets;
  for (const auto& set : matrix.packages) {
    if (!set.stress && !any_sanitised) continue;
    StressTarget target{set.name, set.stress, !set.stress, {}, {}};
    for (const auto& requirement : set.requirements)
      if (fs::path tree(requirement); tree.is_absolute() && fs::is_directory(tree)) target.sources.push_back(tree);
    targets.push_back(std::move(target));
  }
  if (targets.empty() || exec::interrupted()) return;
  auto logs = out.own_directory("logs") / "stress";
  for (auto& target : targets) target.run_dir = logs / target.package_set;
  auto stressed = stress_extensions(builds, compatibility, targets, matrix.stress, workspace);
  run.thread_safety = std::move(stressed.modules);
  run.stress_runs = std::move(stressed.builds);
}

// A workload that imports a package set runs in that set's environment; any
// other in the build's own interpreter.
std::function<fs::path(const config::Cell&)> python_for_cells(const config::Matrix& matrix, const UsableBuilds& usable,
                                                              const CompatibilityResults& compatibility) {
  std::map<std::string, std::string> workload_packages;
  for (const auto& w : matrix.workloads)
    if (w.packages) workload_packages[w.name] = *w.packages;
  return [workload_packages, by_name = usable.by_name,
          environments = compatibility.environments](const config::Cell& cell) -> fs::path {
    auto set = workload_packages.find(cell.workload);
    if (set != workload_packages.end()) {
      auto env = environments.find({cell.build, set->second});
      if (env != environments.end()) return env->second;
    }
    return by_name.at(cell.build)->python;
  };
}

// Free-threaded builds and the GIL build each differs from only in
// --disable-gil: measured in the same rounds, so their overhead is paired.
std::map<std::string, std::string> gil_twins(const results::RunResults& run) {
  std::map<std::string, std::string> out;
  for (const auto& ft : run.builds)
    for (const auto& gil : run.builds)
      if (!out.contains(ft.name) && results::same_but_for_free_threading(ft, gil)) out[ft.name] = gil.name;
  return out;
}

// The machine's own noise, before the cells (under the measuring lock, so no
// other run disturbs it): printed, recorded, and a warning when the precision
// target is out of reach within the budget.
std::optional<results::NoiseFloor> probe_noise(const MeasureRequest& request, const measure::MeasureContext& context) {
  auto& terminal = Terminal::instance();
  const auto& m = request.measurement;
  const int per_round = measure::kSamplesPerRound;
  std::string error;
  auto floor = measure::probe_noise_floor(context, request.python_for(request.cells.front()), request.cpus, per_round,
                                          m.precision, error);
  if (!floor) {
    terminal.line("noise floor: not measured (" + error + ")");
    return std::nullopt;
  }
  terminal.line(
      fmt::format("noise floor: cv {:.1f}% on one core, {:.1f}% on all {} cores; neighbouring samples' "
                  "ratio ±{:.1f}%; steal {:.1f}%: about {} paired rounds for ±{:.0f}%",
                  floor->cv_one_core * 100, floor->cv_all_cores * 100, request.cpus.size(), floor->pair_cv * 100,
                  floor->steal_share * 100, floor->predicted_rounds, m.precision * 100));
  const double sample = std::max(0.05, std::chrono::duration<double>(m.sample_time).count());
  const double round_cost = per_round * sample + 0.2;  // a runner process per cell and round
  double affordable = std::chrono::duration<double>(m.cell_budget).count() / (per_round * sample);
  if (m.run_budget.count() > 0)
    affordable = std::min(affordable, std::chrono::duration<double>(m.run_budget).count() /
                                          (static_cast<double>(request.cells.size()) * round_cost));
  if (floor->predicted_rounds > affordable)
    terminal.warning(
        fmt::format("the precision target ±{:.0f}% needs about {} rounds on this machine, and the budget "
                    "affords about {:.0f}: expect figures marked as having missed it (raise `budget` or "
                    "`cell-budget`, or lower `precision`)",
                    m.precision * 100, floor->predicted_rounds, affordable));
  return floor;
}

// Measures every cell under the machine-wide measuring lock; returns why the
// run stopped early (the disk filled up), or "".
std::string measure(results::RunResults& run, const MeasureRequest& request, const RunOptions& options,
                    OutputFolder& out, Workspace& workspace, const WorkloadSanitizer& sanitizer,
                    const CompatibilityResults& compatibility) {
  std::unique_ptr<FileLock> measuring;
  if (!request.cells.empty())
    measuring = acquire_measuring_lock(
        !options.no_wait, fmt::format("gilmatrix run (pid {}, writing {})", ::getpid(), out.path().string()));
  if (exec::interrupted()) return "";
  measure::MeasureContext context{.runner = workspace.runner,
                                  .scripts_dir = workspace.scripts_dir,
                                  .work_dir = out.own_directory("work"),
                                  .log_dir = out.own_directory("logs")};
  if (!request.cells.empty()) run.noise_floor = probe_noise(request, context);
  sanitizer.arm(context);
  auto measured = measure_cells(request, context);
  run.workload_races = sanitizer.judge(context, measured.cells, run.workload_package_sets, compatibility);
  for (const auto& line : report::workload_races_lines(run.workload_races)) Terminal::instance().line(line);
  run.cells = std::move(measured.cells);
  run.workloads = std::move(measured.workloads);
  run.notes.insert(run.notes.end(), measured.notes.begin(), measured.notes.end());
  return measured.stopped;
}

// What is computed over all cells: overhead, findings, the run's times.
void conclude(results::RunResults& run, const std::vector<config::Cell>& cells, double expectation_tolerance,
              Clock::time_point started) {
  run.interrupted = exec::interrupted();
  if (run.cells.empty())
    for (const auto& cell : cells) {
      results::CellResult missing;
      missing.cell = cell;
      missing.error = "not measured: the run was interrupted";
      run.cells.push_back(missing);
    }
  run.overhead = results::free_threading_overhead(run);
  run.findings = results::find_deviations(run, expectation_tolerance, &run.notes);
  run.finished_at = utc_timestamp_iso();
  run.wall_seconds = std::chrono::duration<double>(Clock::now() - started).count();
}

// results.json and the report folder. After the disk filled up (`stopped`),
// a failure to write is reported with where the measured cells are kept.
// The scratch folder goes only when this run (or an earlier one into the same
// folder) made it.
void save(const results::RunResults& run, const std::string& stopped, RunDirectory& directory,
          const RunOptions& options) {
  auto& out = directory.folder();
  const auto& out_dir = out.path();
  out.remove_own("work");
  std::string unsaved;
  try {
    out.record("results.json");
    results::save_results(out_dir / "results.json", run);
    report::write_report_folder(out, run);
  } catch (const Error& e) {
    if (stopped.empty()) throw;
    unsaved = e.what();
  }
  if (!stopped.empty())
    throw InfraError(fmt::format(
        "{}; the run stopped: the cells measured are kept in {}{}; free space, then "
        "continue with: {}",
        stopped, directory.journal().string(), unsaved.empty() ? " (results.json has the partial results)" : "",
        continue_command(options.argv, out_dir)));
}

ExitCode exit_code_for(const results::RunResults& r) {
  if (r.interrupted) return ExitCode::interrupted;
  for (const auto& b : r.builds)
    if (!b.ok() && !(r.skip_missing && b.missing())) return ExitCode::infrastructure;
  for (const auto& i : r.installs)
    if (!i.ok) return ExitCode::findings;
  for (const auto& s : r.stress_runs)
    if (!s.problems.empty()) return ExitCode::infrastructure;  // ThreadSanitizer or the harness could not run
  for (const auto& m : r.module_checks)
    if (m.problem()) return ExitCode::findings;
  for (const auto& m : r.thread_safety)
    if (results::is_problem(m.verdict)) return ExitCode::findings;
  for (const auto& w : r.workload_races)
    if (!w.in_modules.empty()) return ExitCode::findings;  // a race in a package's code
  for (const auto& c : r.cells)
    if (c.status != results::CellStatus::ok && c.status != results::CellStatus::unsupported) return ExitCode::findings;
  return ExitCode::ok;
}

}  // namespace

RunOutcome run_matrix(const config::Matrix& matrix, const RunOptions& options, Workspace& workspace) {
  auto& terminal = Terminal::instance();
  auto started = Clock::now();
  auto run = start_results(matrix, options, workspace);

  RunOutcome outcome;
  outcome.out_dir = choose_out_dir(options, matrix);
  // Owned by this run alone; the journal exists from the start, so the
  // --resume printed after an early Ctrl-C works.
  RunDirectory directory(outcome.out_dir, matrix, {options.resume, options.force, shell_join(options.argv)});

  auto builds = prepare_builds(matrix, workspace);
  auto usable = record_builds(run, builds);
  auto compatibility = check_packages(run, matrix, builds, workspace);
  stress_packages(run, matrix, builds, compatibility, directory.folder(), workspace);

  auto cpus = usable_cpus();
  auto expansion = config::expand_matrix(matrix, usable.traits, static_cast<int>(cpus.size()));
  run.notes = expansion.notes;
  results::Journal resumed = directory.resumed();
  if (options.resume) terminal.line(fmt::format("resuming: {} cells already measured", resumed.cells.size()));

  MeasureRequest request{.matrix = matrix,
                         .measurement = matrix.defaults.measurement,
                         .cells = expansion.cells,
                         .python_for = python_for_cells(matrix, usable, compatibility),
                         .cpus = cpus,
                         .journal = directory.journal(),
                         .resumed = std::move(resumed.cells),
                         .resumed_workloads = std::move(resumed.workloads),
                         .gil_twin_of = gil_twins(run),
                         .measured_with = options.measured_with};
  if (options.isolation) request.measurement.isolation = *options.isolation;
  if (options.budget) request.measurement.run_budget = *options.budget;
  run.measurement = results::MeasurementSettings::of(request.measurement, results::kTrimmedMeanEstimator);
  WorkloadSanitizer sanitizer(builds, matrix.stress, directory.folder().own_directory("logs") / "sanitizer");
  auto stopped = measure(run, request, options, directory.folder(), workspace, sanitizer, compatibility);

  conclude(run, expansion.cells, request.measurement.expectation_tolerance, started);
  save(run, stopped, directory, options);

  terminal.line(fmt::format("{} in {}", run.interrupted ? "interrupted" : "finished",
                            format_duration(std::chrono::duration<double>(run.wall_seconds))));
  if (run.interrupted) terminal.line("continue with: " + continue_command(options.argv, outcome.out_dir));
  outcome.exit_code = exit_code_for(run);
  outcome.results = std::move(run);
  return outcome;
}

}  // namespace gm::pipeline
