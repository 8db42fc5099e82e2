#include "cli/output.hpp"

#include <CLI/CLI.hpp>

#include "util/terminal.hpp"

namespace gm::cli {

CLI::Option* add_force_option(CLI::App* command, bool& force) {
  return command->add_flag("--force", force,
                           "Write into a non-empty --out that gilmatrix did not make (files of the names it writes "
                           "are replaced; nothing else is removed)");
}

OutputFolder output_folder(const std::filesystem::path& dir, bool force) { return OutputFolder(dir, {force, "--out"}); }

void print(std::string_view text) { Terminal::instance().output(text); }

void write_or_print(OutputFolder* folder, const std::string& file_name, std::string_view content) {
  if (folder == nullptr) {
    print(content);
    return;
  }
  folder->write_file(file_name, content);
  Terminal::instance().line("wrote " + (*folder / file_name).string());
}

}  // namespace gm::cli
