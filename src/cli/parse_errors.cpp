#include "cli/parse_errors.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "util/strings.hpp"

namespace gm::cli {

namespace {

// The deepest command the parser got into, and its path ("gilmatrix cache prune").
std::pair<CLI::App*, std::string> current_command(CLI::App& app) {
  CLI::App* current = &app;
  std::string path = "gilmatrix";
  while (!current->get_subcommands().empty()) {
    current = current->get_subcommands().back();
    path += " " + current->get_name();
  }
  return {current, path};
}

std::vector<std::string> option_names(CLI::App& command) {
  std::vector<std::string> names;
  for (CLI::App* app = &command; app != nullptr; app = app->get_parent()) {
    for (const auto* option : app->get_options()) {
      for (const auto& l : option->get_lnames()) names.push_back("--" + l);
      for (const auto& s : option->get_snames()) names.push_back("-" + s);
    }
    if (!app->get_fallthrough()) break;  // a parent's options count only when they fall through
  }
  return names;
}

// "PROBLEM. Run `gilmatrix run --help` for its options and examples."
std::string with_help_pointer(const std::string& problem, const std::string& path) {
  return fmt::format("{}{} Run `{} --help` for its options and examples.", problem, problem.ends_with('?') ? "" : ".",
                     path);
}

}  // namespace

std::vector<std::string> command_names(CLI::App& app) {
  std::vector<std::string> names;
  for (auto* sub : app.get_subcommands([](CLI::App*) { return true; })) names.push_back(sub->get_name());
  return names;
}

std::string unknown_command_message(CLI::App& parent, const std::string& path, const std::string& word) {
  auto names = command_names(parent);
  std::string message = fmt::format("unknown command `{} {}`", path, word);
  if (auto suggestion = closest_match(word, names))
    message += fmt::format("; did you mean `{} {}`?", path, *suggestion);
  message += fmt::format(" The commands are: {}. `{}` shows them with examples", join(names, ", "),
                         path == "gilmatrix" ? std::string("gilmatrix help") : path + " --help");
  return message;
}

std::optional<std::string> unknown_command(CLI::App& app, const std::vector<std::string>& args) {
  for (const auto& arg : args) {
    if (arg.starts_with("-")) continue;  // the program's own options (--help, --version) take no value
    auto names = command_names(app);
    if (std::find(names.begin(), names.end(), arg) != names.end()) return std::nullopt;
    return unknown_command_message(app, "gilmatrix", arg);
  }
  return std::nullopt;
}

std::string explain_parse_error(CLI::App& app, const CLI::ParseError& error) {
  auto [command, path] = current_command(app);
  auto remaining = app.remaining(true);  // what no command took, wherever it was
  // An option the command does not have (whatever else is wrong): name the nearest one it has.
  auto known = option_names(*command);
  std::vector<std::string> unknown;
  for (const auto& arg : remaining) {
    if (!arg.starts_with("-")) continue;
    auto name = arg.substr(0, arg.find('='));
    std::string problem = fmt::format("unknown option `{}`", name);
    if (auto suggestion = closest_match(name, known)) problem += fmt::format("; did you mean `{}`?", *suggestion);
    unknown.push_back(problem);
  }
  if (!unknown.empty()) return with_help_pointer(fmt::format("{}: {}", path, join(unknown, "; ")), path);
  // A command that needs a subcommand: suggest one for a misspelt word.
  auto subcommands = command_names(*command);
  if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr && !subcommands.empty()) {
    for (const auto& arg : remaining) return unknown_command_message(*command, path, arg);
    if (command == &app)
      return fmt::format("no command given; the commands are: {}. `gilmatrix help` shows them with examples",
                         join(subcommands, ", "));
    return with_help_pointer(fmt::format("`{}` needs one of: {}", path, join(subcommands, ", ")), path);
  }
  std::string what = error.what();
  if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr && !remaining.empty())
    what = fmt::format("unexpected argument{} {}", remaining.size() == 1 ? "" : "s", join(remaining, " "));
  return with_help_pointer(fmt::format("{}: {}", path, what), path);
}

}  // namespace gm::cli
