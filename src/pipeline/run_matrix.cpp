#include "pipeline/run_matrix.hpp"

#include <chrono>
#include <map>
#include <mutex>

#include <fmt/format.h>

#include "config/expand.hpp"
#include "exec/interrupt.hpp"
#include "measure/measure_cell.hpp"
#include "pipeline/compatibility.hpp"
#include "report/markdown_report.hpp"
#include "results/json_io.hpp"
#include "results/statistics.hpp"
#include "schedule/core_scheduler.hpp"
#include "util/duration.hpp"
#include "util/paths.hpp"
#include "util/progress_board.hpp"
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

std::string cell_line(const results::CellResult& c) {
  auto& terminal = Terminal::instance();
  std::string what = c.status == results::cell_status::ok
                         ? fmt::format("{:.3f}s (cv {:.1f}%){}", c.median_seconds, c.cv * 100,
                                       c.unstable ? terminal.yellow(" unstable") : "")
                         : terminal.red(c.status) + (c.error.empty() ? "" : ": " + split_lines(c.error).back());
  return fmt::format("{} {}", c.cell.key(), what);
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
  for (const auto& w : matrix.workloads) run.workloads.push_back({w.name, w.file.string(), w.packages.value_or("")});

  RunOutcome outcome;
  outcome.out_dir = choose_out_dir(options, matrix);
  auto journal = outcome.out_dir / "cells.jsonl";
  if (options.resume && !fs::exists(journal))
    throw UsageError(fmt::format("--resume: {} has no cells.jsonl to resume from", outcome.out_dir.string()));
  if (!options.resume && fs::exists(journal))
    throw UsageError(fmt::format("{} already holds a run; pass --resume to continue it or choose another --out",
                                 outcome.out_dir.string()));
  fs::create_directories(outcome.out_dir);

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
  std::map<std::string, results::CellResult> finished;
  if (options.resume) {
    for (auto& c : results::read_journal(journal))
      if (c.status != results::cell_status::not_run) finished[c.cell.key()] = c;
    terminal.line(fmt::format("resuming: {} cells already measured", finished.size()));
  }

  std::map<std::string, fs::path> workload_files;
  std::map<std::string, std::string> workload_packages;
  for (const auto& w : matrix.workloads) {
    workload_files[w.name] = w.file;
    if (w.packages) workload_packages[w.name] = *w.packages;
  }
  // A workload that imports a package set runs in that set's environment.
  auto python_for = [&](const config::Cell& cell) -> fs::path {
    auto set = workload_packages.find(cell.workload);
    if (set != workload_packages.end()) {
      auto env = compatibility.environments.find({cell.build, set->second});
      if (env != compatibility.environments.end()) return env->second;
    }
    return build_by_name.at(cell.build)->python;
  };
  measure::MeasureContext context{workspace.runner, workspace.scripts_dir, outcome.out_dir / "work",
                                  matrix.defaults.unstable_cv};
  std::mutex mutex;
  std::vector<schedule::Job> jobs;
  std::vector<ProgressBoard::Task> pending;
  for (const auto& cell : expansion.cells)
    if (!finished.contains(cell.key())) pending.push_back({cell.key(), cell.series_key(), cell.workers});
  ProgressBoard progress(pending, finished.size(), static_cast<int>(cpus.size()));
  for (const auto& cell : expansion.cells) {
    if (finished.contains(cell.key())) continue;
    jobs.push_back({cell.key(), cell.workers, [&, cell](const std::vector<int>& reserved) {
                      progress.start(cell.key(), fmt::format("cpu {}", fmt::join(reserved, ",")));
                      auto python = python_for(cell);
                      auto result =
                          measure::measure_cell(context, cell, python, workload_files.at(cell.workload), reserved);
                      std::lock_guard lock(mutex);
                      if (result.status == results::cell_status::not_run) {  // interrupted
                        progress.abandon(cell.key());
                        return;
                      }
                      results::append_cell(journal, result);
                      finished[cell.key()] = result;
                      progress.finish(cell.key(), result.wall_seconds, cell_line(result));
                    }});
  }
  terminal.line(fmt::format("measuring {} cells on {} cores{}", jobs.size(), cpus.size(),
                            finished.empty() ? "" : fmt::format(" ({} resumed)", finished.size())));
  schedule::CoreScheduler scheduler(cpus);
  scheduler.run(std::move(jobs), [] { return exec::interrupted(); });

  run.interrupted = exec::interrupted();
  for (const auto& cell : expansion.cells) {
    auto it = finished.find(cell.key());
    if (it != finished.end()) {
      run.cells.push_back(it->second);
    } else {
      results::CellResult missing;
      missing.cell = cell;
      missing.error = "not measured: the run was interrupted";
      run.cells.push_back(missing);
    }
  }
  results::compute_speedups(run.cells);
  run.finished_at = utc_timestamp_iso();
  run.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  results::save_results(outcome.out_dir / "results.json", run);
  write_file_atomically(outcome.out_dir / "report.md", report::render_markdown(run));
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
