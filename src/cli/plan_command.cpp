#include <cstdio>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/selection_options.hpp"
#include "cli/shard_option.hpp"
#include "cli/workspace_options.hpp"
#include "config/loader.hpp"
#include "config/shard.hpp"
#include "pipeline/plan_matrix.hpp"
#include "util/strings.hpp"

namespace gm::cli {

namespace {

using Shards = std::vector<std::vector<std::string>>;

void print_text(const pipeline::Plan& plan) {
  std::printf("%-14s %-22s %-12s %-8s %7s %7s %8s\n", "build", "workload", "executor", "gil", "workers", "repeats",
              "timeout");
  for (const auto& c : plan.expansion.cells)
    std::printf("%-14s %-22s %-12s %-8s %7d %7s %7llds\n", c.build.c_str(), c.workload.c_str(),
                config::to_string(c.executor), config::to_string(c.gil_mode), c.workers,
                c.repeats.automatic ? "auto" : std::to_string(c.repeats.count).c_str(),
                static_cast<long long>(c.timeout.count() / 1000));
  std::printf("%zu cells on %d usable cores\n", plan.expansion.cells.size(), plan.usable_cores);
  for (const auto& note : plan.build_notes) std::printf("note: %s\n", note.c_str());
  for (const auto& note : plan.expansion.notes) std::printf("note: %s\n", note.c_str());
}

std::map<std::string, std::size_t> cells_per_build(const pipeline::Plan& plan) {
  std::map<std::string, std::size_t> count;
  for (const auto& c : plan.expansion.cells) ++count[c.build];
  return count;
}

void print_shards_text(const pipeline::Plan& plan, const Shards& shards) {
  auto cells = cells_per_build(plan);
  for (std::size_t i = 0; i < shards.size(); ++i) {
    std::size_t total = 0;
    for (const auto& b : shards[i]) total += cells[b];
    std::printf("shard %zu/%zu: %zu cells, builds %s\n", i + 1, shards.size(), total, join(shards[i], ", ").c_str());
  }
  std::printf("run each with: gilmatrix run MATRIX --shard K/%zu --out DIR; then: gilmatrix merge DIR... --out DIR\n",
              shards.size());
}

nlohmann::json shards_json(const Shards& shards) {
  nlohmann::json include = nlohmann::json::array();
  for (std::size_t i = 0; i < shards.size(); ++i)
    include.push_back({{"shard", fmt::format("{}/{}", i + 1, shards.size())}, {"builds", join(shards[i], ",")}});
  return include;
}

void print_json(const pipeline::Plan& plan, const std::optional<Shards>& shards) {
  nlohmann::json cells = nlohmann::json::array();
  for (const auto& c : plan.expansion.cells)
    cells.push_back({{"key", c.key()},
                     {"build", c.build},
                     {"workload", c.workload},
                     {"executor", config::to_string(c.executor)},
                     {"gil_mode", config::to_string(c.gil_mode)},
                     {"workers", c.workers},
                     {"repeats", c.repeats.automatic ? nlohmann::json("auto") : nlohmann::json(c.repeats.count)},
                     {"timeout_ms", c.timeout.count()}});
  nlohmann::json notes = plan.build_notes;
  for (const auto& note : plan.expansion.notes) notes.push_back(note);
  nlohmann::json out = {{"usable_cores", plan.usable_cores}, {"cells", cells}, {"notes", notes}};
  if (shards) {
    auto per_build = cells_per_build(plan);
    out["shards"] = shards_json(*shards);
    for (std::size_t i = 0; i < shards->size(); ++i) {
      std::size_t total = 0;
      for (const auto& b : (*shards)[i]) total += per_build[b];
      out["shards"][i]["cells"] = total;
    }
  }
  std::printf("%s\n", out.dump(2).c_str());
}

}  // namespace

void register_plan_command(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand("plan", "Show the cells a run of the matrix would measure, or its shards");
  auto file = std::make_shared<std::filesystem::path>();
  auto format = std::make_shared<std::string>("text");
  auto shard_count = std::make_shared<int>(0);
  auto shard = std::make_shared<std::string>();
  auto workspace_options = std::make_shared<WorkspaceOptions>();
  auto selection = std::make_shared<SelectionOptions>();
  command->add_option("matrix", *file, "Matrix file (TOML)")->required();
  command->add_option("--format", *format, "text, json, or github (with --shards: a strategy.matrix for GitHub Actions)")
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
    std::optional<Shards> shards;
    if (*shard_count > 0) {
      auto assigned = config::assign_shards(matrix, *shard_count);
      if (!assigned) throw UsageError(fmt::format("--shards {}: {}", *shard_count, assigned.error()));
      shards = std::move(*assigned);
    }
    if (*format == "github") {
      std::printf("%s\n", nlohmann::json{{"include", shards_json(*shards)}}.dump().c_str());
      context.exit_code = ExitCode::ok;
      return;
    }
    if (!shard->empty()) matrix = select_shard_option(matrix, *shard).first;
    exec::SystemProcessRunner runner;
    auto workspace = workspace_options->make_workspace(runner, matrix.mirrors);
    auto plan = pipeline::plan_matrix(matrix, workspace);
    config::check_selection_leaves_cells(selection->chosen(), plan.expansion);
    if (*format == "json")
      print_json(plan, shards);
    else if (shards)
      print_shards_text(plan, *shards);
    else
      print_text(plan);
    context.exit_code = ExitCode::ok;
  });
}

}  // namespace gm::cli
