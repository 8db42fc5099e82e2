#include <algorithm>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "exec/interrupt.hpp"
#include "report/charts.hpp"
#include "report/trend_json.hpp"
#include "report/trend_markdown.hpp"
#include "results/json_io.hpp"
#include "results/trend.hpp"
#include "util/paths.hpp"
#include "util/terminal.hpp"

namespace gm::cli {
namespace {

// Files as given; a folder: its results.json, or every results.json below it.
std::vector<std::filesystem::path> results_files(const std::vector<std::filesystem::path>& inputs) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const auto& input : inputs) {
    std::error_code ec;
    if (!fs::is_directory(input, ec) || fs::exists(input / "results.json", ec)) {
      files.push_back(results::results_file(input));
      continue;
    }
    std::vector<fs::path> found;
    for (const auto& entry : fs::recursive_directory_iterator(input, ec))
      if (entry.is_regular_file() && entry.path().filename() == "results.json") found.push_back(entry.path());
    if (found.empty())
      throw UsageError(
          fmt::format("{} holds no results.json at any depth: give results files or folders of runs", input.string()));
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

}  // namespace

void register_trend_command(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand("trend", "Speedups and verdict changes over many runs (e.g. nightly results)");
  auto inputs = std::make_shared<std::vector<std::filesystem::path>>();
  auto format = std::make_shared<std::string>("markdown");
  auto out_dir = std::make_shared<std::optional<std::filesystem::path>>();
  auto force = std::make_shared<bool>(false);
  command->add_option("results", *inputs, "results.json files, run folders, or a folder of them at any depth")
      ->required();
  command->add_option("--format", *format, "markdown or json")->check(CLI::IsMember({"markdown", "json"}));
  command->add_option("-o,--out", *out_dir, "Folder for trend.md and one SVG chart per workload (default: stdout)");
  add_force_option(command, *force);
  command->footer(
      "\n--out may be a new or empty folder or one gilmatrix wrote; any other folder is refused (exit 2) unless "
      "--force.\n\nRuns are ordered by start time; each workload shows its speedup at the largest worker count of the "
      "newest run.\n\nExample:\n  gilmatrix trend nightly/ --out nightly/trend");
  command->callback([&context, inputs, format, out_dir, force] {
    exec::stop_at_once_on_interrupt();  // it only reads files: a blocking read must not outlast Ctrl-C
    std::vector<results::TrendInput> runs;
    for (const auto& file : results_files(*inputs)) runs.push_back({file.string(), results::load_results(file)});
    auto trend = results::compute_trend(std::move(runs));
    for (const auto& note : trend.notes) Terminal::instance().warning(note);
    std::optional<OutputFolder> folder;
    if (*out_dir) folder = output_folder(**out_dir, *force);
    OutputFolder* out = folder ? &*folder : nullptr;
    if (*format == "json") {
      write_or_print(out, "trend.json", report::trend_json(trend).dump(2) + "\n");
    } else if (out) {
      auto charts = report::trend_charts(trend);
      for (const auto& chart : charts) out->write_file(chart.file_name, chart.svg);
      write_or_print(out, "trend.md", report::render_trend_markdown(trend, charts));
    } else {
      write_or_print(nullptr, "", report::render_trend_markdown(trend));
    }
    context.exit_code = ExitCode::ok;
  });
}

}  // namespace gm::cli
