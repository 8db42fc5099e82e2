#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/selection_options.hpp"
#include "cli/workspace_options.hpp"
#include "config/loader.hpp"
#include "pipeline/plan_matrix.hpp"

namespace gm::cli {

namespace {

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

void print_json(const pipeline::Plan& plan) {
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
  std::printf("%s\n", out.dump(2).c_str());
}

}  // namespace

void register_plan_command(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand("plan", "Show the cells a run of the matrix would measure");
  auto file = std::make_shared<std::filesystem::path>();
  auto format = std::make_shared<std::string>("text");
  auto workspace_options = std::make_shared<WorkspaceOptions>();
  auto selection = std::make_shared<SelectionOptions>();
  command->add_option("matrix", *file, "Matrix file (TOML)")->required();
  command->add_option("--format", *format, "text or json")->check(CLI::IsMember({"text", "json"}));
  workspace_options->add_to(command);
  selection->add_to(command);
  command->footer(
      "\nExamples:\n"
      "  gilmatrix plan matrices/default.toml                    every cell a run would measure\n"
      "  gilmatrix plan matrices/default.toml --build '3.13*' --gil-mode off --format json\n"
      "\nThe selection options are those of `gilmatrix run`: what plan lists with them is what run measures.");
  command->callback([&context, file, format, workspace_options, selection] {
    auto matrix = config::load_matrix(*file);
    selection->apply(matrix);
    exec::SystemProcessRunner runner;
    auto workspace = workspace_options->make_workspace(runner, matrix.mirrors);
    auto plan = pipeline::plan_matrix(matrix, workspace);
    config::check_selection_leaves_cells(selection->chosen(), plan.expansion);
    if (*format == "json")
      print_json(plan);
    else
      print_text(plan);
    context.exit_code = ExitCode::ok;
  });
}

}  // namespace gm::cli
