#include "cli/commands.hpp"
#include "cli/parse_errors.hpp"
#include "exec/interrupt.hpp"
#include "gilmatrix_version.hpp"
#include "util/terminal.hpp"

namespace gm::cli {

namespace {
constexpr const char* kExamples = R"(
Examples:
  gilmatrix run matrices/quick.toml              measure the quick matrix on this machine
  gilmatrix run matrices/default.toml --mirror ../shared/mirror
  gilmatrix run matrices/default.toml --build 3.13t --workload cpu-pure-python
                                                 one build, one workload
  gilmatrix build matrices/default.toml --mirror ../shared/mirror
                                                 only fetch and build the interpreters
  gilmatrix validate matrices/default.toml       check a matrix file without running it
  gilmatrix plan matrices/quick.toml             list the cells a run would measure
  gilmatrix check ./my-extension --python 3.13t  does my extension re-enable the GIL?
  gilmatrix bisect --python 3.13t --repo ./my-extension --good v1.0 --bad main
                                                 which commit changed its GIL verdict?
  gilmatrix compare nightly/old nightly/new      what changed; exit 1 on a regression
  gilmatrix report reports/quick --format junit  render a results file again (markdown, junit, github, json)
  gilmatrix plan matrices/default.toml --shards 2 --format github
                                                 a GitHub Actions strategy.matrix of 2 shards
  gilmatrix run matrices/default.toml --shard 1/2 --out s1
  gilmatrix merge s1 s2 --out merged             join the shards' results
  gilmatrix trend nightly/ --out nightly/trend   speedups and verdict changes over many runs
  gilmatrix cache list                           cached builds: key, version, flags, size
  gilmatrix doctor                               compilers, cores, interpreters, cache
  gilmatrix help run                             one command's options and examples

Exit codes: 0 ok, 1 findings (a cell failed, the GIL was re-enabled), 2 usage or
configuration error or unreadable results, 3 infrastructure error (interpreter missing,
build failed, source damaged; --skip-missing skips interpreters that cannot be had, never
a damaged source), 130 interrupted. compare: 1 a regression. Results go to stdout, progress to stderr; NO_COLOR and
FORCE_COLOR are honoured.)";
}  // namespace

int main(int argc, char** argv) {
  Context context;
  context.argv.assign(argv, argv + argc);
  CLI::App app{"gilmatrix: build CPython variants and measure how code scales and whether the GIL stays off"};
  app.footer(kExamples);
  app.set_version_flag("--version", std::string("gilmatrix ") + kVersion);
  app.require_subcommand(1);
  register_run_command(app, context);
  register_validate_command(app, context);
  register_plan_command(app, context);
  register_build_command(app, context);
  register_check_command(app, context);
  register_bisect_command(app, context);
  register_merge_command(app, context);
  register_report_command(app, context);
  register_compare_command(app, context);
  register_trend_command(app, context);
  register_cache_command(app, context);
  register_doctor_command(app, context);
  register_help_command(app, context);

  auto& terminal = Terminal::instance();
  std::vector<std::string> args(context.argv.begin() + (argc > 0 ? 1 : 0), context.argv.end());
  if (auto message = unknown_command(app, args)) {
    terminal.error(*message);
    return static_cast<int>(ExitCode::usage);
  }
  exec::install_interrupt_handlers();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    terminal.error(explain_parse_error(app, e));
    return static_cast<int>(ExitCode::usage);
  } catch (const UsageErrors& e) {
    for (const auto& message : e.messages) terminal.error(message);
    return static_cast<int>(e.code());
  } catch (const Error& e) {
    terminal.error(e.what());
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    terminal.error(e.what());
    return static_cast<int>(ExitCode::infrastructure);
  }
  return static_cast<int>(context.exit_code);
}

}  // namespace gm::cli
