
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/install_timeout_options.hpp"
#include "cli/output.hpp"
#include "cli/stress_options.hpp"
#include "cli/workspace_options.hpp"
#include "pipeline/check_extensions.hpp"
#include "report/check_output.hpp"
#include "report/github_commands.hpp"
#include "util/paths.hpp"

namespace gm::cli {

void register_check_command(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand("check", "Maintainer mode: does my extension re-enable the GIL?");
  auto request = std::make_shared<pipeline::CheckRequest>();
  auto format = std::make_shared<std::string>("text");
  auto timeouts = std::make_shared<InstallTimeoutOptions>();
  auto workspace_options = std::make_shared<WorkspaceOptions>();
  auto stress = std::make_shared<StressOptions>();
  command->add_option("target", request->targets, "Source directory, sdist, wheel or requirement (e.g. numpy==2.1)")
      ->required();
  command
      ->add_option("--python", request->pythons,
                   "Interpreters: 3.13t, 3.13.15t, cp313t, cp313-cp313t, 3.13+freethreaded, 3.14, ... (built, "
                   "or taken from the cache), or an interpreter's path or name (python3.13t); repeatable or "
                   "comma-separated (default: 3.13t,3.14t)")
      ->delimiter(',');
  command->add_flag("--skip-missing", request->skip_missing,
                    "Interpreters that are not found or have no source are skipped, not failures (the output says so)");
  command->add_option("--format", *format, "text, markdown, json or github")
      ->check(CLI::IsMember({"text", "markdown", "json", "github"}));
  timeouts->add_to(command);
  stress->add_to(command);
  workspace_options->add_to(command);
  command->footer(
      "\nExamples:\n  gilmatrix check ./my-extension                      on 3.13t and 3.14t\n"
      "  gilmatrix check dist/mypkg-1.0.tar.gz --python cp313t --mirror ../shared/mirror\n"
      "  gilmatrix check ./my-extension --skip-missing --format json > check.json\n"
      "  gilmatrix check ./my-extension --python 3.14t-tsan --stress tests/stress.py   thread safety\n"
      "\nInterpreter names (also uv's and cibuildwheel's): 3.13t, 3.13.15t, 3.13+freethreaded, cp313t,\n"
      "cp313-cp313t, 3.13, cp313, 3.14t-tsan (built --with-thread-sanitizer); a path or a name on PATH or in pyenv. "
      "PyPy and other implementations\n"
      "are refused: the GIL question is CPython's.\n"
      "\nExit codes: 0 every module keeps the GIL disabled; 1 one re-enables it, crashes, hangs or fails to\n"
      "import, races, crashes or hangs under threads (--stress), or the target does not install on a build;\n"
      "2 usage error; 3 an interpreter could not be had, no venv could be made on it (--skip-missing\n"
      "skips those that are not found or have no source) or ThreadSanitizer could not run; 130 interrupted.");
  command->callback([&context, request, format, timeouts, workspace_options, stress] {
    request->import_timeout = timeouts->import_limit();
    request->install_timeout = timeouts->install_limit();
    request->stress_file = stress->file();
    request->stress = stress->settings();
    request->stress_requested = stress->requested();
    exec::SystemProcessRunner runner;
    auto workspace = workspace_options->make_workspace(runner);
    auto outcome = pipeline::check_extensions(*request, workspace);
    report::PortablePaths paths(workspace.cache_root.string(), std::filesystem::current_path().string(),
                                getenv_string("HOME").value_or(""));
    auto check = outcome.results();
    if (*format == "json") {
      print(report::check_json(check).dump(2) + "\n");
    } else if (*format == "markdown") {
      print(report::check_markdown(check, paths));
    } else if (*format == "github") {
      // GitHub Actions: annotations on the log, the Markdown table in the step summary.
      print(report::check_annotations(check) + report::check_text(check));
      report::append_step_summary(report::check_markdown(check, paths));
    } else {
      print(report::check_text(check));
    }
    context.exit_code = outcome.exit_code;
  });
}

}  // namespace gm::cli
