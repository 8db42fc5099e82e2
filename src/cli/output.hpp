#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "util/output_folder.hpp"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace gm::cli {

// The --force of a command writing into --out: write into a non-empty folder
// gilmatrix did not make.
CLI::Option* add_force_option(CLI::App* command, bool& force);

// The --out folder of `report`, `merge` and `trend`: new, empty or
// gilmatrix's own; anyone's with `force` (util/output_folder.hpp).
OutputFolder output_folder(const std::filesystem::path& dir, bool force);

// Writes `text` to stdout as it is: every command's results go through here.
void print(std::string_view text);

// `content` into the folder as `file_name` (saying so on stderr) when there is
// one, on stdout otherwise.
void write_or_print(OutputFolder* folder, const std::string& file_name, std::string_view content);

}  // namespace gm::cli
