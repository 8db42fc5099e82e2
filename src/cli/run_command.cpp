#include "cli/commands.hpp"
#include "cli/shard_option.hpp"
#include "cli/workspace_options.hpp"
#include "config/loader.hpp"
#include "pipeline/run_matrix.hpp"

namespace gm::cli {

void register_run_command(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand("run", "Obtain the interpreters, measure every cell, write results and report");
  auto options = std::make_shared<pipeline::RunOptions>();
  auto matrix_file = std::make_shared<std::filesystem::path>();
  auto shard = std::make_shared<std::string>();
  auto workspace_options = std::make_shared<WorkspaceOptions>();
  command->add_option("matrix", *matrix_file, "Matrix file (TOML)")->required();
  command->add_option("-o,--out", options->out_dir, "Output directory (default reports/<matrix>-<UTC time>/)");
  command->add_flag("--resume", options->resume, "Continue an interrupted run in --out, skipping measured cells");
  command->add_flag("--force", options->force,
                    "With --resume: keep the measured cells even though the matrix or a workload file changed");
  command->add_option("--isolation", options->isolation,
                      "packed: fill all cores with cells; exclusive: one measured cell at a time (quieter, slower)")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, config::Isolation>{{"packed", config::Isolation::packed},
                                                   {"exclusive", config::Isolation::exclusive}}));
  command->add_flag("--no-wait", options->no_wait,
                    "If another gilmatrix run is measuring on this machine, fail (exit 3) instead of waiting");
  command->add_option("--shard", *shard,
                      "Measure only shard K of N (e.g. 2/4): whole builds, as `plan --shards N` lists them; "
                      "`gilmatrix merge` joins the shards");
  workspace_options->add_to(command);
  command->footer("\nExamples:\n  gilmatrix run matrices/quick.toml --out reports/quick\n"
                  "  gilmatrix run matrices/default.toml --mirror ../shared/mirror --isolation packed\n"
                  "  gilmatrix run matrices/default.toml --shard 1/2 --out shard-1   (and 2/2 on another machine)");
  command->callback([&context, options, workspace_options, matrix_file, shard] {
    if (options->resume && !options->out_dir) throw UsageError("--resume needs --out DIR of the run to continue");
    if (options->force && !options->resume) throw UsageError("--force applies only with --resume");
    options->argv = context.argv;
    exec::SystemProcessRunner runner;
    auto matrix = config::load_matrix(*matrix_file);
    if (!shard->empty()) {
      auto [selected, info] = select_shard_option(matrix, *shard);
      matrix = std::move(selected);
      options->shard = std::move(info);
    }
    auto workspace = workspace_options->make_workspace(runner, matrix.mirrors);
    context.exit_code = pipeline::run_matrix(matrix, *options, workspace).exit_code;
  });
}

}  // namespace gm::cli
