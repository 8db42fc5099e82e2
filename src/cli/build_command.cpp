#include <chrono>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/workspace_options.hpp"
#include "config/loader.hpp"
#include "sources/downloader.hpp"
#include "util/duration.hpp"
#include "util/terminal.hpp"

namespace gm::cli {

void register_build_command(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand("build", "Only obtain and build the matrix's interpreters (warms the cache)");
  auto file = std::make_shared<std::filesystem::path>();
  auto workspace_options = std::make_shared<WorkspaceOptions>();
  command->add_option("matrix", *file, "Matrix file (TOML)")->required();
  workspace_options->add_to(command);
  command->footer("\nExample:\n  gilmatrix build matrices/default.toml --mirror ../shared/mirror");
  command->callback([&context, file, workspace_options] {
    auto started = std::chrono::steady_clock::now();
    auto matrix = config::load_matrix(*file);
    exec::SystemProcessRunner runner;
    auto workspace = workspace_options->make_workspace(runner, matrix.mirrors);
    auto builds = pipeline::prepare_builds(matrix, workspace);
    int compiled = 0, unavailable = 0;
    for (const auto& b : builds) {
      compiled += b.built_now;
      unavailable += !b.record.ok();
    }
    Terminal::instance().line(fmt::format(
        "{} builds: {} compiled now, {} ready, {} not available; {}", builds.size(), compiled,
        builds.size() - static_cast<std::size_t>(unavailable), unavailable,
        format_duration(std::chrono::steady_clock::now() - started)));
    context.exit_code = unavailable ? ExitCode::infrastructure : ExitCode::ok;
  });
}

}  // namespace gm::cli
