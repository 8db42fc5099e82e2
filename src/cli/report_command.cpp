#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "exec/interrupt.hpp"
#include "report/github_commands.hpp"
#include "report/github_report.hpp"
#include "report/junit_report.hpp"
#include "report/markdown_report.hpp"
#include "report/report_folder.hpp"
#include "results/compare.hpp"
#include "results/json_io.hpp"
#include "util/terminal.hpp"

namespace gm::cli {

namespace {

// `report RUN --out RUN` renders a run again into its own folder: the results
// read from there make it gilmatrix's, also when an older gilmatrix wrote it
// without the marker.
bool renders_into_its_own_folder(const std::filesystem::path& input, const std::filesystem::path& out) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto folder = fs::is_directory(input, ec) ? input : input.parent_path();
  if (folder.empty()) folder = ".";
  return fs::equivalent(folder, out, ec) && fs::is_regular_file(out / "results.json", ec);
}

}  // namespace

void register_report_command(CLI::App& app, Context& context) {
  auto* command =
      app.add_subcommand("report", "Render a results file again: Markdown with charts, JUnit, GitHub, JSON");
  auto input = std::make_shared<std::filesystem::path>();
  auto format = std::make_shared<std::string>("markdown");
  auto out_dir = std::make_shared<std::optional<std::filesystem::path>>();
  auto baseline = std::make_shared<std::optional<std::filesystem::path>>();
  auto force = std::make_shared<bool>(false);
  command->add_option("results", *input, "A results.json, or the folder of a run")->required();
  command->add_option("--format", *format, "markdown, junit, github or json")
      ->check(CLI::IsMember({"markdown", "junit", "github", "json"}));
  command->add_option("-o,--out", *out_dir,
                      "Folder to write into: report.md and its SVG charts, junit.xml, summary.md or results.json "
                      "(default: print to stdout; Markdown then comes without charts)");
  command->add_option("--baseline", *baseline,
                      "An earlier run (results.json or folder): with junit and github, its regressions fail too");
  add_force_option(command, *force);
  command->footer(
      "\n--out may be a new or empty folder, one gilmatrix wrote, or the folder of the results rendered; any other "
      "folder is refused (exit 2) unless --force.\n"
      "\nExamples:\n  gilmatrix report reports/example --out reports/example   re-render report.md and charts\n"
      "  gilmatrix report merged/results.json --format junit --out merged\n"
      "  gilmatrix report merged --format github --baseline previous    annotations and $GITHUB_STEP_SUMMARY");
  command->callback([&context, input, format, out_dir, baseline, force] {
    exec::stop_at_once_on_interrupt();  // it only reads files: a blocking read must not outlast Ctrl-C
    auto results = results::load_results(*input);
    std::optional<results::Comparison> comparison;
    if (*baseline) {
      if (*format != "junit" && *format != "github")
        throw UsageError(
            "--baseline applies to --format junit and github; for the changes alone use `gilmatrix "
            "compare`");
      comparison = results::compare_results(results::load_results(**baseline), results);
    }
    const results::Comparison* against = comparison ? &*comparison : nullptr;
    std::optional<OutputFolder> folder;
    if (*out_dir) folder = output_folder(**out_dir, *force || renders_into_its_own_folder(*input, **out_dir));
    OutputFolder* out = folder ? &*folder : nullptr;
    if (*format == "markdown") {
      if (out) {
        report::write_report_folder(*out, results);
        Terminal::instance().line("report: " + (*out / "report.md").string());
      } else {
        write_or_print(nullptr, "", report::render_markdown(results));
      }
    } else if (*format == "junit") {
      write_or_print(out, "junit.xml", report::render_junit(results, against));
    } else if (*format == "json") {
      write_or_print(out, "results.json", results::to_json(results).dump(2) + "\n");
    } else {
      print(report::run_annotations(results, against));
      auto summary = report::run_step_summary(results, against);
      bool posted = report::append_step_summary(summary);
      if (out) write_or_print(out, "summary.md", summary);
      if (!posted && !*out_dir) print(summary);
    }
    context.exit_code = ExitCode::ok;
  });
}

}  // namespace gm::cli
