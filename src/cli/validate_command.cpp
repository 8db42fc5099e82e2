#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "config/loader.hpp"
#include "exec/interrupt.hpp"
#include "util/terminal.hpp"

namespace gm::cli {

namespace {

struct FileVerdict {
  std::string file;
  std::optional<config::Matrix> matrix;
  std::vector<std::string> errors;  // "FILE:LINE:COL: message"
};

FileVerdict validate(const std::filesystem::path& file) {
  FileVerdict verdict{file.string(), std::nullopt, {}};
  try {
    verdict.matrix = config::load_matrix(file);
  } catch (const UsageErrors& e) {
    verdict.errors = e.messages;
  } catch (const UsageError& e) {
    verdict.errors = {e.what()};
  }
  return verdict;
}

nlohmann::json as_json(const FileVerdict& v) {
  nlohmann::json out = {{"file", v.file}, {"ok", v.errors.empty()}, {"errors", v.errors}};
  if (v.matrix)
    out["counts"] = {{"builds", v.matrix->builds.size()},
                     {"packages", v.matrix->packages.size()},
                     {"workloads", v.matrix->workloads.size()}};
  return out;
}

}  // namespace

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
      auto verdict = validate(file);
      all_ok &= verdict.errors.empty();
      if (*format == "json") {
        verdicts.push_back(as_json(verdict));
        continue;
      }
      for (const auto& error : verdict.errors) terminal.error(error);
      if (verdict.matrix)
        terminal.output(fmt::format("{}: ok ({} builds, {} package sets, {} workloads)\n", file.string(),
                                    verdict.matrix->builds.size(), verdict.matrix->packages.size(),
                                    verdict.matrix->workloads.size()));
      else
        terminal.line(fmt::format("{}: {} {}", file.string(), verdict.errors.size(),
                                  verdict.errors.size() == 1 ? "error" : "errors"));
    }
    if (*format == "json") terminal.output(verdicts.dump(2) + "\n");
    context.exit_code = all_ok ? ExitCode::ok : ExitCode::usage;
  });
}

}  // namespace gm::cli
