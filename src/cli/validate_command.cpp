#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "config/validation.hpp"
#include "exec/interrupt.hpp"
#include "report/validate_output.hpp"
#include "util/terminal.hpp"

namespace gm::cli {

void register_validate_command(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand("validate", "Check matrix files without running anything");
  auto files = std::make_shared<std::vector<std::filesystem::path>>();
  auto format = std::make_shared<std::string>("text");
  command->add_option("matrix", *files, "Matrix files (TOML)")->required();
  command->add_option("--format", *format, "text or json (one object per file, on stdout)")
      ->check(CLI::IsMember({"text", "json"}));
  command->footer(
      "\nExamples:\n"
      "  gilmatrix validate matrices/default.toml\n"
      "  gilmatrix validate matrices/*.toml --format json\n"
      "\nEvery error in a file is reported, each as FILE:LINE:COL with a suggestion for a misspelt\n"
      "key (a TOML syntax error stops the reading of that file). Exit 0 when every file is valid, 2 when not.");
  command->callback([&context, files, format] {
    exec::stop_at_once_on_interrupt();  // it only reads files: a blocking read must not outlast Ctrl-C
    auto& terminal = Terminal::instance();
    nlohmann::json verdicts = nlohmann::json::array();
    bool all_ok = true;
    for (const auto& file : *files) {
      auto verdict = config::validate_matrix_file(file);
      all_ok &= verdict.errors.empty();
      if (*format == "json") {
        verdicts.push_back(report::validate_json(verdict));
        continue;
      }
      for (const auto& error : verdict.errors) terminal.error(error);
      if (verdict.matrix)
        terminal.output(report::validate_line(verdict) + "\n");
      else
        terminal.line(report::validate_line(verdict));
    }
    if (*format == "json") terminal.output(verdicts.dump(2) + "\n");
    context.exit_code = all_ok ? ExitCode::ok : ExitCode::usage;
  });
}

}  // namespace gm::cli
