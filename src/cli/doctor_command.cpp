#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/workspace_options.hpp"
#include "pipeline/examine_machine.hpp"
#include "report/doctor_output.hpp"

namespace gm::cli {

void register_doctor_command(CLI::App& app, Context& context) {
  auto* command =
      app.add_subcommand("doctor", "Check compilers, CPython build dependencies, cores, interpreters, cache");
  auto workspace_options = std::make_shared<WorkspaceOptions>();
  auto format = std::make_shared<std::string>("text");
  workspace_options->add_to(command);
  command->add_option("--format", *format, "text or json")->check(CLI::IsMember({"text", "json"}));
  command->footer(
      "\nExamples:\n"
      "  gilmatrix doctor\n"
      "  gilmatrix doctor --mirror ../shared/mirror      also say whether the mirror has CPython sources\n"
      "  gilmatrix doctor --format json\n"
      "\nExit codes: 0 ready to build CPython; 1 something is missing (the output says what to install).");
  command->callback([&context, workspace_options, format] {
    exec::SystemProcessRunner runner;
    auto facts = pipeline::examine_machine(workspace_options->make_workspace(runner));
    print(*format == "json" ? report::doctor_json(facts).dump(2) + "\n" : report::doctor_text(facts));
    context.exit_code = facts.healthy() ? ExitCode::ok : ExitCode::findings;
  });
}

}  // namespace gm::cli
