
#include "cli/commands.hpp"
#include "cli/install_timeout_options.hpp"
#include "cli/output.hpp"
#include "cli/workspace_options.hpp"
#include "pipeline/bisect_package.hpp"
#include "report/bisect_output.hpp"
#include "report/github_commands.hpp"

namespace gm::cli {

void register_bisect_command(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand("bisect", "Which commit of a package's history changed its GIL verdict?");
  auto request = std::make_shared<pipeline::PackageBisectRequest>();
  auto when = std::make_shared<std::string>("verdict");
  auto format = std::make_shared<std::string>("text");
  auto timeouts = std::make_shared<InstallTimeoutOptions>();
  auto module = std::make_shared<std::string>();
  auto workspace_options = std::make_shared<WorkspaceOptions>();
  command
      ->add_option("--python", request->python,
                   "The interpreter every commit is tested on, named as `check --python` takes it (3.13t, "
                   "cp314t, a path, ...)")
      ->required();
  command->add_option("--repo", request->repo, "The package's git repository: a path or a URL")->required();
  command->add_option("--good", request->good, "A commit, tag or branch whose result is the old one")->required();
  command->add_option("--bad", request->bad, "A later commit, tag or branch whose result is the new one")->required();
  command
      ->add_option("--when", *when,
                   "What makes a commit bad: verdict (a module's GIL verdict or its install "
                   "or import status differs from the good end's)")
      ->check(CLI::IsMember({"verdict"}));
  command->add_option("--module", *module, "Judge only this extension module (e.g. mypkg._speedups)");
  command->add_option("--format", *format, "text, markdown, json or github")
      ->check(CLI::IsMember({"text", "markdown", "json", "github"}));
  timeouts->add_to(command);
  workspace_options->add_to(command);
  command->footer(
      "\nEach commit between --good and --bad (first parents) is installed on the interpreter and its\n"
      "extension modules imported, as `check` does; its result is compared with the two ends'. A commit\n"
      "that does not install is skipped, and the answer then names the range it hides.\n"
      "\nExamples:\n  gilmatrix bisect --python 3.13t --repo ./my-extension --good v1.0 --bad main\n"
      "  gilmatrix bisect --python 3.13t --repo ./my-extension --good v1.0 --bad main --module mypkg._speedups\n"
      "\nNot built yet: bisecting CPython's own history (a matrix's git build) and --when speedup, time\n"
      "or status.\n"
      "\nExit codes: 0 the first bad commit was found; 1 both ends give the same result, or the commit is\n"
      "hidden among commits that did not install; 2 usage error; 3 the interpreter, an environment on it\n"
      "or the repository could not be had; 130 interrupted.");
  command->callback([&context, request, format, timeouts, module, workspace_options] {
    request->import_timeout = timeouts->import_limit();
    request->install_timeout = timeouts->install_limit();
    if (!module->empty()) request->module = *module;
    exec::SystemProcessRunner runner;
    auto workspace = workspace_options->make_workspace(runner);
    auto result = pipeline::bisect_package(*request, workspace);
    if (*format == "json")
      print(report::bisect_json(result).dump(2) + "\n");
    else if (*format == "markdown")
      print(report::bisect_markdown(result));
    else if (*format == "github") {
      // GitHub Actions: the answer as an annotation, the table in the step summary.
      print(report::bisect_annotation(result) + report::bisect_text(result));
      report::append_step_summary(report::bisect_markdown(result));
    } else
      print(report::bisect_text(result));
    context.exit_code = result.exit_code;
  });
}

}  // namespace gm::cli
