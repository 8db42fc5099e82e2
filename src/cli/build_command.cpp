#include <chrono>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/workspace_options.hpp"
#include "config/loader.hpp"
#include "config/selection.hpp"
#include "report/build_list_output.hpp"
#include "sources/downloader.hpp"
#include "util/duration.hpp"
#include "util/terminal.hpp"

namespace gm::cli {

void register_build_command(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand("build", "Only obtain and build the matrix's interpreters (warms the cache)");
  auto file = std::make_shared<std::filesystem::path>();
  auto workspace_options = std::make_shared<WorkspaceOptions>();
  auto skip_missing = std::make_shared<bool>(false);
  auto format = std::make_shared<std::string>("text");
  auto names = std::make_shared<std::vector<std::string>>();
  command->add_option("matrix", *file, "Matrix file (TOML)")->required();
  command->add_option("--build", *names, "Only these builds: names or patterns ('3.13*'); repeatable")->delimiter(',');
  command->add_flag("--skip-missing", *skip_missing,
                    "Builds that are not found or have no source do not fail (a damaged source does)");
  command->add_option("--format", *format, "What goes to stdout: text (one line per build) or json")
      ->check(CLI::IsMember({"text", "json"}));
  workspace_options->add_to(command);
  command->footer(
      "\nExamples:\n"
      "  gilmatrix build matrices/default.toml --mirror ../shared/mirror\n"
      "  gilmatrix build matrices/default.toml --build 3.13t --offline --format json\n"
      "\nExit codes: 0 every build is ready; 2 usage or matrix error; 3 a build could not be had\n"
      "(--skip-missing: only a build that failed).");
  command->callback([&context, file, workspace_options, skip_missing, format, names] {
    auto started = std::chrono::steady_clock::now();
    auto matrix = config::load_matrix(*file);
    config::Selection selection;
    selection.builds = *names;
    config::apply_selection(matrix, selection);
    exec::SystemProcessRunner runner;
    auto workspace = workspace_options->make_workspace(runner, matrix.mirrors);
    auto builds = pipeline::prepare_builds(matrix, workspace);
    bool skip = *skip_missing || matrix.skip_missing;
    int compiled = 0, unavailable = 0, skipped = 0;
    std::vector<report::ListedBuild> listed;
    for (const auto& b : builds) {
      compiled += b.built_now;
      bool skip_this = !b.record.ok() && skip && b.record.missing();
      unavailable += !b.record.ok() && !skip_this;
      skipped += skip_this;
      listed.push_back({&b.record, b.built_now, skip_this});
    }
    Terminal::instance().line(fmt::format("{} builds: {} compiled now, {} ready, {} not available{}; {}", builds.size(),
                                          compiled, builds.size() - static_cast<std::size_t>(unavailable + skipped),
                                          unavailable + skipped, skipped ? fmt::format(" ({} skipped)", skipped) : "",
                                          format_duration(std::chrono::steady_clock::now() - started)));
    Terminal::instance().output(*format == "json" ? report::build_list_json(listed).dump(2) + "\n"
                                                  : report::build_list_text(listed));
    context.exit_code = unavailable ? ExitCode::infrastructure : ExitCode::ok;
  });
}

}  // namespace gm::cli
