#include "pipeline/run_matrix.hpp"

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>

#include <fmt/format.h>

#include "config/expand.hpp"
#include "exec/interrupt.hpp"
#include "measure/measure_cell.hpp"
#include "pipeline/compatibility.hpp"
#include "pipeline/run_directory.hpp"
#include "report/markdown_report.hpp"
#include "results/json_io.hpp"
#include "results/statistics.hpp"
#include "schedule/core_scheduler.hpp"
#include "util/duration.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"
#include "util/system_info.hpp"
#include "util/terminal.hpp"

namespace gm::pipeline {
namespace fs = std::filesystem;

namespace {

// `program` and argv's words but --out, --resume and --force (with their values):
// a new run writes to a new directory.
std::vector<std::string> command_without_output(const std::string& program, const std::vector<std::string>& argv) {
  std::vector<std::string> words{program};
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const auto& word = argv[i];
    if (word == "--resume" || word == "--force" || word.starts_with("--out=") || word.starts_with("-o=")) continue;
    if (word == "--out" || word == "-o") {
      ++i;
      continue;
    }
    if (word.starts_with("-o") && !word.starts_with("--")) continue;  // -oDIR
    words.push_back(word);
  }
  return words;
}

std::string reproduce_command(const std::vector<std::string>& argv) {
  return shell_join(command_without_output("gilmatrix", argv));
}

// What to type to continue this run: this very binary, the same arguments,
// --out and --resume.
std::string continue_command(const std::vector<std::string>& argv, const fs::path& out_dir) {
  std::string program = "gilmatrix";
  if (!argv.empty() && argv[0].find('/') != std::string::npos) program = fs::absolute(argv[0]).lexically_normal();
  auto words = command_without_output(program, argv);
  words.insert(words.end(), {"--out", out_dir.string(), "--resume"});
  return shell_join(words);
}

fs::path choose_out_dir(const RunOptions& options, const config::Matrix& matrix) {
  if (options.out_dir) return fs::absolute(*options.out_dir);
  return fs::absolute(fs::path("reports") / (matrix.name + "-" + utc_timestamp_compact()));
}

ExitCode exit_code_for(const results::RunResults& r) {
  if (r.interrupted) return ExitCode::interrupted;
  for (const auto& b : r.builds)
    if (!b.ok()) return ExitCode::infrastructure;
  for (const auto& i : r.installs)
    if (!i.ok) return ExitCode::findings;
  for (const auto& m : r.module_checks)
    if (m.problem()) return ExitCode::findings;
  for (const auto& c : r.cells)
    if (c.status != results::cell_status::ok && c.status != results::cell_status::unsupported)
      return ExitCode::findings;
  return ExitCode::ok;
}

std::string cell_line(const results::CellResult& c, std::size_t done, std::size_t total) {
  std::string what = c.status == results::cell_status::ok
                         ? fmt::format("{:.3f}s (cv {:.1f}%){}", c.median_seconds, c.cv * 100,
                                       c.unstable ? " unstable" : "")
                         : c.status + (c.error.empty() ? "" : ": " + split_lines(c.error).back());
  return fmt::format("[{}/{}] {} {}", done, total, c.cell.key(), what);
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

  RunOutcome outcome;
  outcome.out_dir = choose_out_dir(options, matrix);
  RunDirectory directory(outcome.out_dir, matrix, {options.resume, options.force, shell_join(options.argv)});

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
    compatibility = check_compatibility(builds, matrix.packages, workspace, matrix.defaults.import_timeout,
                                        matrix.defaults.install_timeout);
    run.environments = compatibility.environment_records;
    run.installs = compatibility.installs;
    run.module_checks = compatibility.modules;
    run.together = compatibility.together;
  }

  auto cpus = usable_cpus();
  auto expansion = config::expand_matrix(matrix, traits, static_cast<int>(cpus.size()));
  run.notes = expansion.notes;
  std::map<std::string, results::CellResult> finished = directory.measured();
  if (options.resume) terminal.line(fmt::format("resuming: {} cells already measured", finished.size()));

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
                                  matrix.defaults.unstable_cv, outcome.out_dir / "logs"};
  std::mutex mutex;
  std::atomic<bool> stopped{false};  // the disk is full: no cell can be recorded
  std::string stop_reason;
  std::size_t done = finished.size();
  const std::size_t total = expansion.cells.size();
  std::vector<schedule::Job> jobs;
  for (const auto& cell : expansion.cells) {
    if (finished.contains(cell.key())) continue;
    jobs.push_back({cell.key(), cell.workers, [&, cell](const std::vector<int>& reserved) {
                      {
                        std::lock_guard lock(mutex);
                        terminal.status(fmt::format("[{}/{}] running {} on cpu {}", done, total, cell.key(),
                                                    fmt::join(reserved, ",")));
                      }
                      auto python = python_for(cell);
                      auto result =
                          measure::measure_cell(context, cell, python, workload_files.at(cell.workload), reserved);
                      std::lock_guard lock(mutex);
                      if (result.status == results::cell_status::not_run) return;  // interrupted
                      try {
                        if (result.status == results::cell_status::no_space) throw InfraError(result.error);
                        directory.record(result);
                      } catch (const InfraError& e) {
                        if (!stopped.exchange(true)) stop_reason = e.what();
                        return;
                      }
                      finished[cell.key()] = result;
                      terminal.line(cell_line(result, ++done, total));
                    }});
  }
  terminal.line(fmt::format("measuring {} cells on {} cores{}", jobs.size(), cpus.size(),
                            finished.empty() ? "" : fmt::format(" ({} resumed)", finished.size())));
  schedule::CoreScheduler scheduler(cpus);
  scheduler.run(std::move(jobs), [&] { return exec::interrupted() || stopped.load(); });

  run.interrupted = exec::interrupted();
  for (const auto& cell : expansion.cells) {
    auto it = finished.find(cell.key());
    if (it != finished.end()) {
      run.cells.push_back(it->second);
    } else {
      results::CellResult missing;
      missing.cell = cell;
      missing.error = stopped ? "not measured: " + stop_reason : "not measured: the run was interrupted";
      run.cells.push_back(missing);
    }
  }
  results::compute_speedups(run.cells);
  run.finished_at = utc_timestamp_iso();
  run.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::error_code ec;
  fs::remove_all(outcome.out_dir / "work", ec);
  std::string unsaved;  // why results.json and report.md could not be written, after the disk filled up
  try {
    results::save_results(outcome.out_dir / "results.json", run);
    write_file_atomically(outcome.out_dir / "report.md", report::render_markdown(run));
  } catch (const Error& e) {
    if (!stopped) throw;
    unsaved = e.what();
  }
  if (stopped)
    throw InfraError(fmt::format("{}; the run stopped: the {} cells measured are kept in {}{}; free space, then "
                                 "continue with: {}",
                                 stop_reason, finished.size(), directory.journal().string(),
                                 unsaved.empty() ? " (results.json has the partial results)" : "",
                                 continue_command(options.argv, outcome.out_dir)));

  terminal.line(fmt::format("{} in {}", run.interrupted ? "interrupted" : "finished",
                            format_duration(std::chrono::duration<double>(run.wall_seconds))));
  terminal.line("results: " + (outcome.out_dir / "results.json").string());
  terminal.line("report:  " + (outcome.out_dir / "report.md").string());
  if (run.interrupted)
    terminal.line("continue with: " + continue_command(options.argv, outcome.out_dir));
  outcome.exit_code = exit_code_for(run);
  return outcome;
}

}  // namespace gm::pipeline
