#pragma once
// CLI11 has no did-you-mean: these turn its parse errors into messages that
// name the nearest valid command or option and point at the help of the
// command at hand ("gilmatrix run --help"), not the global one.
#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

namespace gm::cli {

// The names of `app`'s commands, in the order they were registered.
std::vector<std::string> command_names(CLI::App& app);

// "unknown command `rnu`; did you mean `run`? ..." when the first word after
// the program name is not a command; checked before parsing.
std::optional<std::string> unknown_command(CLI::App& app, const std::vector<std::string>& args);

// The message for an error CLI11 threw while parsing the command line.
std::string explain_parse_error(CLI::App& app, const CLI::ParseError& error);

// "did you mean `run`?" with the list of commands of `parent` named `path` ("gilmatrix cache").
std::string unknown_command_message(CLI::App& parent, const std::string& path, const std::string& word);

}  // namespace gm::cli
