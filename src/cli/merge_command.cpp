#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "exec/interrupt.hpp"
#include "report/report_folder.hpp"
#include "results/json_io.hpp"
#include "results/merge.hpp"
#include "util/terminal.hpp"

namespace gm::cli {

void register_merge_command(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand("merge", "Join the results of a matrix's shards into one results.json and report");
  auto inputs = std::make_shared<std::vector<std::filesystem::path>>();
  auto out_dir = std::make_shared<std::filesystem::path>();
  auto force = std::make_shared<bool>(false);
  command->add_option("shards", *inputs, "Each shard's --out folder (or its results.json)")->required();
  command->add_option("-o,--out", *out_dir, "Folder for the merged results.json, report.md and charts")->required();
  add_force_option(command, *force);
  command->footer(
      "\nExample:\n  gilmatrix run m.toml --shard 1/2 --out s1; gilmatrix run m.toml --shard 2/2 --out s2\n"
      "  gilmatrix merge s1 s2 --out merged\n"
      "\nExit codes: 0 merged; 2 an input is unreadable, not a shard, from another matrix or schema version, or a "
      "shard is missing, or a workload's file differs between shards, or --out is a non-empty folder gilmatrix did "
      "not make (--force merges and writes anyway).");
  command->callback([&context, inputs, out_dir, force] {
    exec::stop_at_once_on_interrupt();  // it only reads files: a blocking read must not outlast Ctrl-C
    std::vector<results::ShardInput> shards;
    for (const auto& input : *inputs) {
      auto file = results::results_file(input);
      std::error_code ec;
      if (std::filesystem::equivalent(file.parent_path().empty() ? "." : file.parent_path(), *out_dir, ec))
        throw UsageError(
            fmt::format("--out {} holds the shard {}: merging into it would replace that shard's own "
                        "results; give a new folder",
                        out_dir->string(), file.string()));
      shards.push_back({file.string(), results::load_results(input)});
    }
    auto merged = results::merge_shards(std::move(shards), *force);
    if (!merged) throw UsageError("cannot merge: " + merged.error());
    auto folder = output_folder(*out_dir, *force);
    folder.record("results.json");
    results::save_results(folder / "results.json", *merged);
    report::write_report_folder(folder, *merged);
    auto& terminal = Terminal::instance();
    terminal.line(fmt::format("merged {} shards: {} builds, {} cells", inputs->size(), merged->builds.size(),
                              merged->cells.size()));
    terminal.line("results: " + (*out_dir / "results.json").string());
    terminal.line("report:  " + (*out_dir / "report.md").string());
    context.exit_code = ExitCode::ok;
  });
}

}  // namespace gm::cli
