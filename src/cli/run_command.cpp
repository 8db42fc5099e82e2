#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/selection_options.hpp"
#include "cli/shard_option.hpp"
#include "cli/workspace_options.hpp"
#include "config/expand.hpp"
#include "config/loader.hpp"
#include "pipeline/run_matrix.hpp"
#include "report/run_summary_output.hpp"
#include "report/thread_safety_output.hpp"
#include "results/forced_off.hpp"
#include "util/duration.hpp"
#include "util/strings.hpp"
#include "util/system_info.hpp"
#include "util/terminal.hpp"

namespace gm::cli {

namespace {

constexpr const char* kRunFooter = R"(
Examples:
  gilmatrix run matrices/quick.toml                          every cell of the matrix
  gilmatrix run matrices/default.toml --mirror ../shared/mirror --build '3.13*' --workload cpu-pure-python
  gilmatrix run matrices/quick.toml --executor threads --workers 2 --repeats 3
  gilmatrix run matrices/default.toml --skip-missing --format json > run.json
  gilmatrix run matrices/default.toml --mirror ../shared/mirror --isolation packed
  gilmatrix run matrices/default.toml --shard 1/2 --out shard-1   (and 2/2 on another machine)

The results and report paths (or, with --format json, one JSON object) go to
stdout; progress goes to stderr. --shard splits what the selection options keep,
as `gilmatrix plan --shards` does.

--out may be a new or empty folder, or one gilmatrix wrote (its .gilmatrix-output
lists what it wrote there, and gilmatrix replaces or removes nothing else); any
other folder is refused unless --force.

Exit codes: 0 every cell measured; 1 a cell failed, crashed or timed out, or an
extension re-enabled the GIL or failed to install; 2 usage or matrix error (a
non-empty --out gilmatrix did not make, without --force); 3 a
build could not be had (--skip-missing skips those that are not found or have
no source, never a damaged source); 130 interrupted (--resume goes on).)";

// Before anything is built: a selection whose cells are none even if every
// interpreter build were free-threaded is a usage error now, not after the builds.
void check_selection_early(const SelectionOptions& options, const config::Matrix& matrix) {
  auto selection = options.chosen();
  if (selection.empty()) return;
  std::vector<config::BuildTraits> traits;
  for (const auto& b : matrix.builds)
    traits.push_back({b.name, b.interpreter ? true : b.free_threaded, b.version.value_or("")});
  config::check_selection_leaves_cells(selection,
                                       config::expand_matrix(matrix, traits, static_cast<int>(usable_cpus().size())));
}

// On stderr: which builds were missing and why, modules that race, crash or
// hang under threads, and cells that fail only with the GIL forced off.
void explain(const results::RunResults& run) {
  auto& terminal = Terminal::instance();
  std::vector<std::string> missing;
  bool some_skippable = false, some_damaged = false;
  for (const auto& b : run.builds) {
    if (b.ok()) continue;
    if (run.skip_missing && b.missing()) {
      terminal.line(fmt::format("skipped build {} (--skip-missing): {}: {}", b.name, b.status, b.reason));
      continue;
    }
    missing.push_back(fmt::format("{} ({}: {})", b.name, b.status, b.reason));
    some_skippable = some_skippable || b.missing();
    some_damaged = some_damaged || b.status == results::BuildStatus::source_damaged;
  }
  if (!missing.empty()) {
    // Only when some were: "the other builds were measured" after none was misleads.
    bool some_measured = std::any_of(run.builds.begin(), run.builds.end(), [](const auto& b) { return b.ok(); });
    std::string what_to_do;
    if (some_skippable)
      what_to_do +=
          ". Pass --skip-missing (or set `skip-missing = true` in the matrix) to skip builds that are not "
          "found or have no source";
    if (some_damaged)
      what_to_do += ". A damaged source is never skipped (--skip-missing included): replace the file it names";
    terminal.error(fmt::format("{} of {} builds could not be had: {}; {}{}", missing.size(), run.builds.size(),
                               join(missing, "; "),
                               some_measured ? "the other builds were measured" : "no build was measured", what_to_do));
  }
  for (const auto& m : run.thread_safety)
    if (results::is_problem(m.verdict))
      terminal.line(fmt::format("under threads: {} on {}: {}", m.module, m.build, report::verdict_phrase(m)));
  for (const auto& s : run.stress_runs)
    for (const auto& problem : s.problems)
      terminal.error(fmt::format("stress runs of {} on {} failed: {}", s.package_set, s.build, problem));
  std::vector<std::string> forced;
  for (const auto& f : results::failures_only_with_gil_forced_off(run)) forced.push_back(f.cell->cell.key());
  if (!forced.empty())
    terminal.line(
        fmt::format("fails only with the GIL forced off (PYTHON_GIL=0): {}; the report lists the "
                    "extension modules of their package sets",
                    join(forced, ", ")));
}

}  // namespace

void register_run_command(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand("run", "Obtain the interpreters, measure every cell, write results and report");
  auto options = std::make_shared<pipeline::RunOptions>();
  auto matrix_file = std::make_shared<std::filesystem::path>();
  auto shard = std::make_shared<std::string>();
  auto workspace_options = std::make_shared<WorkspaceOptions>();
  auto selection = std::make_shared<SelectionOptions>();
  auto format = std::make_shared<std::string>("text");
  command->add_option("matrix", *matrix_file, "Matrix file (TOML)")->required();
  command->add_option("-o,--out", options->out_dir, "Output directory (default reports/<matrix>-<UTC time>/)");
  command->add_flag("--resume", options->resume, "Continue an interrupted run in --out, skipping measured cells");
  command->add_flag("--force", options->force,
                    "Write into a non-empty --out that gilmatrix did not make (files it did not write are never "
                    "removed); with --resume: keep the measured cells even though the matrix or a workload file "
                    "changed");
  command->add_flag("--skip-missing", options->skip_missing,
                    "Builds that are not found or have no source are skipped, not failures (the report says so)");
  command->add_option("--format", *format, "What goes to stdout: text (the paths) or json")
      ->check(CLI::IsMember({"text", "json"}));
  command
      ->add_option("--isolation", options->isolation,
                   "packed: fill all cores with cells; exclusive: one measured cell at a time (quieter, slower)")
      ->transform(CLI::CheckedTransformer(std::map<std::string, config::Isolation>{
          {"packed", config::Isolation::packed}, {"exclusive", config::Isolation::exclusive}}));
  auto budget = std::make_shared<std::string>();
  command->add_option("--budget", *budget,
                      "Measuring time for the whole run (e.g. 20m): past each group's share, rounds go to the "
                      "figures furthest from the precision target; overrides the matrix's `budget`");
  command->add_flag("--no-wait", options->no_wait,
                    "If another gilmatrix run is measuring on this machine, fail (exit 3) instead of waiting");
  command->add_option("--shard", *shard,
                      "Measure only shard K of N (e.g. 2/4): whole builds, as `plan --shards N` lists them; "
                      "`gilmatrix merge` joins the shards");
  workspace_options->add_to(command);
  selection->add_to(command);
  command->footer(kRunFooter);
  command->callback([&context, options, workspace_options, matrix_file, selection, format, shard, budget] {
    if (!budget->empty()) {
      auto parsed = parse_duration(*budget);
      if (!parsed) throw UsageError("--budget: " + parsed.error());
      options->budget = *parsed;
    }
    if (options->resume && !options->out_dir) throw UsageError("--resume needs --out DIR of the run to continue");
    options->argv = context.argv;
    exec::SystemProcessRunner runner;
    auto matrix = config::load_matrix(*matrix_file);
    selection->apply(matrix);
    check_selection_early(*selection, matrix);
    options->selection = selection->chosen().narrowing();
    options->skip_missing = options->skip_missing || matrix.skip_missing;
    if (!shard->empty()) {
      auto [selected, info] = select_shard_option(matrix, *shard);
      matrix = std::move(selected);
      options->shard = std::move(info);
    }
    auto workspace = workspace_options->make_workspace(runner, matrix.mirrors);
    auto outcome = pipeline::run_matrix(matrix, *options, workspace);
    explain(outcome.results);
    if (*format == "json")
      Terminal::instance().output(
          report::run_summary_json(outcome.results, outcome.out_dir, outcome.exit_code).dump(2) + "\n");
    else
      Terminal::instance().output(fmt::format("results: {}\nreport:  {}\n", (outcome.out_dir / "results.json").string(),
                                              (outcome.out_dir / "report.md").string()));
    context.exit_code = outcome.exit_code;
  });
}

}  // namespace gm::cli
