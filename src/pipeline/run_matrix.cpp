#include "pipeline/run_matrix.hpp"

#include <unistd.h>

#include <chrono>
#include <map>

#include <fmt/format.h>

#include "config/expand.hpp"
#include "exec/interrupt.hpp"
#include "pipeline/compatibility.hpp"
#include "pipeline/measure_cells.hpp"
#include "pipeline/measuring_lock.hpp"
#include "report/report_folder.hpp"
#include "results/json_io.hpp"
#include "results/findings.hpp"
#include "results/overhead.hpp"
#include "util/duration.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"
#include "util/system_info.hpp"
#include "util/terminal.hpp"

namespace gm::pipeline {
namespace fs = std::filesystem;

namespace {

std::string reproduce_command(const std::vector<std::string>& argv) {
  std::vector<std::string> words{"gilmatrix"};
  // A new run writes to a new directory: --out and --resume are not part of it.
  for (std::size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] == "--resume" || argv[i].starts_with("--out=")) continue;
    if (argv[i] == "--out") {
      ++i;
      continue;
    }
    words.push_back(argv[i]);
  }
  return shell_join(words);
}

fs::path choose_out_dir(const RunOptions& options, const config::Matrix& matrix) {
  if (options.out_dir) return fs::absolute(*options.out_dir);
  return fs::absolute(fs::path("reports") / (matrix.name + "-" + utc_timestamp_compact()));
}

results::MeasurementSettings measurement_settings(const config::Measurement& m) {
  auto seconds = [](std::chrono::milliseconds d) { return std::chrono::duration<double>(d).count(); };
  return {config::to_string(m.isolation), seconds(m.sample_time), m.precision, seconds(m.cell_budget), m.max_samples,
          m.interference_limit, m.attempts, m.plausible_margin, m.expectation_tolerance};
}

ExitCode exit_code_for(const results::RunResults& r) {
  if (r.interrupted) return ExitCode::interrupted;
  for (const auto& b : r.builds)
    if (!b.ok() && !(r.skip_missing && b.missing())) return ExitCode::infrastructure;
  for (const auto& i : r.installs)
    if (!i.ok) return ExitCode::findings;
  for (const auto& m : r.module_checks)
    if (m.problem()) return ExitCode::findings;
  for (const auto& c : r.cells)
    if (c.status != results::cell_status::ok && c.status != results::cell_status::unsupported)
      return ExitCode::findings;
  return ExitCode::ok;
}

}  // namespace

RunOutcome run_matrix(const config::Matrix& matrix, const RunOptions& options, Workspace& workspace) {
  auto& terminal = Terminal::instance();
  auto started = std::chrono::steady_clock::now();

  results::RunResults run;
  run.matrix_name = matrix.name;
  run.matrix_file = matrix.file.string();
  run.matrix_sha256 = matrix.file_sha256;
  run.started_at = utc_timestamp_iso();
  run.environment = results::EnvironmentInfo::of_this_machine(options.argv);
  run.reproduce = reproduce_command(options.argv);
  run.cache_dir = workspace.cache_root.string();
  run.skip_missing = options.skip_missing;
  for (const auto& w : matrix.workloads)
    if (w.packages) run.workload_package_sets[w.name] = *w.packages;
  run.shard = options.shard;

  RunOutcome outcome;
  outcome.out_dir = choose_out_dir(options, matrix);
  auto journal = outcome.out_dir / "cells.jsonl";
  if (options.resume && !fs::exists(journal))
    throw UsageError(fmt::format("--resume: {} has no cells.jsonl to resume from", outcome.out_dir.string()));
  if (!options.resume && fs::exists(journal))
    throw UsageError(fmt::format("{} already holds a run; pass --resume to continue it or choose another --out",
                                 outcome.out_dir.string()));
  fs::create_directories(outcome.out_dir);
  // The journal exists from the start, so the --resume printed after an early Ctrl-C works.
  if (!options.resume) write_file_atomically(journal, "");

  auto builds = prepare_builds(matrix, workspace);
  std::map<std::string, const PreparedBuild*> build_by_name;
  std::vector<config::BuildTraits> traits;
  for (const auto& b : builds) {
    run.builds.push_back(b.record);
    if (!b.record.ok()) continue;
    build_by_name[b.record.name] = &b;
    traits.push_back({b.record.name, b.record.probe->free_threaded});
  }

  CompatibilityResults compatibility;
  if (!matrix.packages.empty()) {
    compatibility = check_compatibility(builds, matrix.packages, workspace, matrix.defaults.import_timeout);
    run.environments = compatibility.environment_records;
    run.installs = compatibility.installs;
    run.module_checks = compatibility.modules;
    run.together = compatibility.together;
  }

  auto cpus = usable_cpus();
  auto expansion = config::expand_matrix(matrix, traits, static_cast<int>(cpus.size()));
  run.notes = expansion.notes;
  results::Journal resumed;
  if (options.resume) {
    resumed = results::read_journal(journal);
    std::erase_if(resumed.cells, [](const auto& c) { return c.status == results::cell_status::not_run; });
    terminal.line(fmt::format("resuming: {} cells already measured", resumed.cells.size()));
  }

  std::map<std::string, std::string> workload_packages;
  for (const auto& w : matrix.workloads)
    if (w.packages) workload_packages[w.name] = *w.packages;
  // A workload that imports a package set runs in that set's environment.
  auto python_for = [&](const config::Cell& cell) -> fs::path {
    auto set = workload_packages.find(cell.workload);
    if (set != workload_packages.end()) {
      auto env = compatibility.environments.find({cell.build, set->second});
      if (env != compatibility.environments.end()) return env->second;
    }
    return build_by_name.at(cell.build)->python;
  };

  MeasureRequest request{matrix,
                         matrix.defaults.measurement,
                         expansion.cells,
                         python_for,
                         cpus,
                         journal,
                         std::move(resumed.cells),
                         std::move(resumed.workloads)};
  if (options.isolation) request.measurement.isolation = *options.isolation;
  run.measurement = measurement_settings(request.measurement);
  std::unique_ptr<FileLock> measuring;
  if (!expansion.cells.empty())
    measuring = acquire_measuring_lock(!options.no_wait, fmt::format("gilmatrix run (pid {}, writing {})", ::getpid(),
                                                                     outcome.out_dir.string()));
  if (!exec::interrupted()) {
    measure::MeasureContext context{workspace.runner, workspace.scripts_dir, outcome.out_dir / "work"};
    auto measured = measure_cells(request, context);
    run.cells = std::move(measured.cells);
    run.workloads = std::move(measured.workloads);
    run.notes.insert(run.notes.end(), measured.notes.begin(), measured.notes.end());
  }
  measuring.reset();

  run.interrupted = exec::interrupted();
  if (run.cells.empty())
    for (const auto& cell : expansion.cells) {
      results::CellResult missing;
      missing.cell = cell;
      missing.error = "not measured: the run was interrupted";
      run.cells.push_back(missing);
    }
  run.overhead = results::free_threading_overhead(run);
  run.findings = results::find_deviations(run, request.measurement.expectation_tolerance, &run.notes);
  run.finished_at = utc_timestamp_iso();
  run.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  results::save_results(outcome.out_dir / "results.json", run);
  report::write_report_folder(outcome.out_dir, run);
  std::error_code ec;
  fs::remove_all(outcome.out_dir / "work", ec);

  terminal.line(fmt::format("{} in {}", run.interrupted ? "interrupted" : "finished",
                            format_duration(std::chrono::duration<double>(run.wall_seconds))));
  if (run.interrupted)
    terminal.line(fmt::format("continue with: {} --out {} --resume", reproduce_command(options.argv),
                              shell_quote(outcome.out_dir.string())));
  outcome.exit_code = exit_code_for(run);
  outcome.results = std::move(run);
  return outcome;
}

}  // namespace gm::pipeline
