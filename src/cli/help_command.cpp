#include <algorithm>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/parse_errors.hpp"

namespace gm::cli {

void register_help_command(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand("help", "Show the help of gilmatrix or of one command");
  auto topic = std::make_shared<std::vector<std::string>>();
  command->add_option("command", *topic, "A command, and a subcommand of it: run, check, cache prune, ...");
  command->footer("\nExamples:\n  gilmatrix help\n  gilmatrix help run\n  gilmatrix help cache prune");
  command->callback([&app, &context, topic] {
    CLI::App* target = &app;
    std::string path = "gilmatrix";
    for (const auto& word : *topic) {
      auto names = command_names(*target);
      if (std::find(names.begin(), names.end(), word) == names.end())
        throw UsageError(unknown_command_message(*target, path, word));
      target = target->get_subcommand(word);
      path += " " + word;
    }
    // Not target->help(): that shows the help of the command being run, which is `help` itself.
    auto text = target->get_formatter()->make_help(target, path, CLI::AppFormatMode::Normal);
    print(text.ends_with('\n') ? text : text + "\n");
    context.exit_code = ExitCode::ok;
  });
}

}  // namespace gm::cli
