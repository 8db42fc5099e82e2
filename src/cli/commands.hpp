#pragma once
// One file per subcommand; each registers itself on the app and stores its
// exit code in the shared context when it runs.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace gm::cli {

struct Context {
  std::vector<std::string> argv;
  ExitCode exit_code = ExitCode::ok;
};

void register_run_command(CLI::App& app, Context& context);
void register_validate_command(CLI::App& app, Context& context);
void register_plan_command(CLI::App& app, Context& context);
void register_doctor_command(CLI::App& app, Context& context);
void register_build_command(CLI::App& app, Context& context);
void register_cache_command(CLI::App& app, Context& context);
void register_check_command(CLI::App& app, Context& context);
void register_bisect_command(CLI::App& app, Context& context);
void register_help_command(CLI::App& app, Context& context);
void register_merge_command(CLI::App& app, Context& context);
void register_report_command(CLI::App& app, Context& context);
void register_compare_command(CLI::App& app, Context& context);
void register_trend_command(CLI::App& app, Context& context);

int main(int argc, char** argv);

}  // namespace gm::cli
