#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "config/loader.hpp"

namespace gm::cli {

void register_validate_command(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand("validate", "Check a matrix file without running anything");
  auto files = std::make_shared<std::vector<std::filesystem::path>>();
  command->add_option("matrix", *files, "Matrix files (TOML)")->required();
  command->callback([&context, files] {
    for (const auto& file : *files) {
      auto matrix = config::load_matrix(file);
      std::printf("%s", fmt::format("{}: ok ({} builds, {} package sets, {} workloads)\n", file.string(),
                                    matrix.builds.size(), matrix.packages.size(), matrix.workloads.size())
                            .c_str());
    }
    context.exit_code = ExitCode::ok;
  });
}

}  // namespace gm::cli
