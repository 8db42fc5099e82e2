#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "exec/interrupt.hpp"
#include "report/comparison_json.hpp"
#include "report/comparison_markdown.hpp"
#include "report/comparison_text.hpp"
#include "report/github_commands.hpp"
#include "report/github_report.hpp"
#include "results/compare.hpp"
#include "results/json_io.hpp"

namespace gm::cli {
namespace {

results::Gate parse_gate(const std::string& text) {
  if (text == "compatibility") return results::Gate::compatibility;
  if (text == "scaling") return results::Gate::scaling;
  return results::Gate::all;
}

}  // namespace

void register_compare_command(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand("compare", "What changed between two runs; exit 1 on a regression");
  auto before = std::make_shared<std::filesystem::path>();
  auto after = std::make_shared<std::filesystem::path>();
  auto format = std::make_shared<std::string>("text");
  auto gate = std::make_shared<std::string>("all");
  auto options = std::make_shared<results::CompareOptions>();
  command->add_option("old", *before, "The earlier run: its results.json or its folder")->required();
  command->add_option("new", *after, "The later run: its results.json or its folder")->required();
  command->add_option("--format", *format, "text, markdown, json or github (annotations and step summary)")
      ->check(CLI::IsMember({"text", "markdown", "json", "github"}));
  command
      ->add_option("--gate", *gate,
                   "What fails the comparison: all, compatibility (verdicts, installs) or scaling (speedups); "
                   "a build or cell that stopped working counts for both")
      ->check(CLI::IsMember({"all", "compatibility", "scaling"}));
  command
      ->add_option("--threshold", options->threshold,
                   "Speedups without 95% intervals differ when further apart than this fraction (default 0.10)")
      ->check(CLI::Range(0.0, 10.0));
  command->footer(
      "\nSpeedups with intervals on both sides differ when the intervals do not overlap; otherwise when they are "
      "more than --threshold apart. Cells that were disturbed or implausible, or unstable without intervals, give "
      "warnings.\n"
      "\nExamples:\n  gilmatrix compare nightly/2026-11-20 nightly/2026-11-21\n"
      "  gilmatrix compare old/results.json new/results.json --gate compatibility --format github\n"
      "\nExit codes: 0 nothing regressed, 1 a regression the gate counts, 2 an input could not be read.");
  command->callback([&context, before, after, format, gate, options] {
    exec::stop_at_once_on_interrupt();  // it only reads files: a blocking read must not outlast Ctrl-C
    auto old_results = results::load_results(*before);
    auto new_results = results::load_results(*after);
    auto comparison = results::compare_results(old_results, new_results, *options);
    comparison.before_label = fmt::format("{} ({})", before->string(), old_results.started_at);
    comparison.after_label = fmt::format("{} ({})", after->string(), new_results.started_at);
    auto selected = parse_gate(*gate);
    if (*format == "json") {
      print(report::comparison_to_json(comparison, selected).dump(2) + "\n");
    } else if (*format == "markdown") {
      print(report::render_comparison_markdown(comparison, selected));
    } else {
      if (*format == "github") {
        print(report::comparison_annotations(comparison, selected));
        report::append_step_summary(report::render_comparison_markdown(comparison, selected));
      }
      print(report::render_comparison_text(comparison, selected));
    }
    context.exit_code = comparison.regressed(selected) ? ExitCode::findings : ExitCode::ok;
  });
}

}  // namespace gm::cli
