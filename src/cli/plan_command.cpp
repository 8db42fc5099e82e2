#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/selection_options.hpp"
#include "cli/shard_option.hpp"
#include "cli/workspace_options.hpp"
#include "config/loader.hpp"
#include "config/shard.hpp"
#include "pipeline/plan_matrix.hpp"
#include "report/plan_output.hpp"

namespace gm::cli {

void register_plan_command(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand("plan", "Show the cells a run of the matrix would measure, or its shards");
  auto file = std::make_shared<std::filesystem::path>();
  auto format = std::make_shared<std::string>("text");
  auto shard_count = std::make_shared<int>(0);
  auto shard = std::make_shared<std::string>();
  auto workspace_options = std::make_shared<WorkspaceOptions>();
  auto selection = std::make_shared<SelectionOptions>();
  command->add_option("matrix", *file, "Matrix file (TOML)")->required();
  command
      ->add_option("--format", *format, "text, json, or github (with --shards: a strategy.matrix for GitHub Actions)")
      ->check(CLI::IsMember({"text", "json", "github"}));
  command->add_option("--shards", *shard_count, "Split the matrix into N shards of whole builds")
      ->check(CLI::PositiveNumber);
  command->add_option("--shard", *shard, "Show only the cells of shard K of N (e.g. 2/4)");
  workspace_options->add_to(command);
  selection->add_to(command);
  command->footer(
      "\nExamples:\n  gilmatrix plan matrices/quick.toml\n"
      "  gilmatrix plan matrices/default.toml --build '3.13*' --gil-mode off --format json\n"
      "  gilmatrix plan matrices/default.toml --shards 2\n"
      "  gilmatrix plan matrices/default.toml --shards 2 --format github   "
      "{\"include\":[{\"shard\":\"1/2\",\"builds\":...},...]}\n"
      "\nThe selection options are those of `gilmatrix run`: what plan lists with them is what run measures;\n"
      "--shards splits what is selected.");
  command->callback([&context, file, format, shard_count, shard, workspace_options, selection] {
    auto matrix = config::load_matrix(*file);
    selection->apply(matrix);
    if (*format == "github" && *shard_count == 0)
      throw UsageError("--format github prints the shards as a strategy.matrix: give --shards N");
    if (*shard_count > 0 && !shard->empty()) throw UsageError("give either --shards N or --shard K/N, not both");
    std::optional<config::ShardBuilds> shards;
    if (*shard_count > 0) {
      auto assigned = config::assign_shards(matrix, *shard_count);
      if (!assigned) throw UsageError(fmt::format("--shards {}: {}", *shard_count, assigned.error()));
      shards = std::move(*assigned);
    }
    if (*format == "github") {
      print(report::shards_strategy_matrix(*shards).dump() + "\n");
      context.exit_code = ExitCode::ok;
      return;
    }
    if (!shard->empty()) matrix = select_shard_option(matrix, *shard).first;
    exec::SystemProcessRunner runner;
    auto workspace = workspace_options->make_workspace(runner, matrix.mirrors);
    auto plan = pipeline::plan_matrix(matrix, workspace);
    config::check_selection_leaves_cells(selection->chosen(), plan.expansion);
    if (*format == "json")
      print(report::plan_json(plan, shards).dump(2) + "\n");
    else
      print(shards ? report::plan_shards_text(plan, *shards) : report::plan_text(plan));
    context.exit_code = ExitCode::ok;
  });
}

}  // namespace gm::cli
