#include "report/trend_markdown.hpp"

#include <fmt/format.h>

#include "report/markdown_text.hpp"

namespace gm::report {

std::string render_trend_markdown(const results::Trend& trend, const std::vector<ChartFile>& charts) {
  std::string out = "# gilmatrix trend\n\n";
  if (trend.runs.empty()) return out + "No runs.\n";
  out += fmt::format("{} runs, from {} to {}.\n\n", trend.runs.size(), escape_inline(trend.runs.front().label),
                     escape_inline(trend.runs.back().label));
  for (const auto& note : trend.notes) out += "- " + escape_inline(note) + "\n";
  if (!trend.notes.empty()) out += "\n";

  out += "## Verdict changes\n\n";
  if (trend.flips.empty()) {
    out += "No extension module, install or build changed between consecutive runs.\n\n";
  } else {
    out += "| run | what | build | subject | before | after |\n" + table_separator(6);
    for (const auto& flip : trend.flips) {
      const auto& c = flip.change;
      std::string what = c.kind + (c.severity == results::Severity::regression    ? " ❌"
                                   : c.severity == results::Severity::improvement ? " ✅"
                                                                                  : "");
      out +=
          fmt::format("| {} | {} | {} | {} | {} | {} |\n", escape_inline(trend.runs[flip.run].label),
                      escape_inline(what), escape_inline(c.build), escape_inline(c.subject),
                      c.before.empty() ? "—" : escape_inline(c.before), c.after.empty() ? "—" : escape_inline(c.after));
    }
    out += "\n";
  }

  out += "## Speedup over time\n\n";
  for (const auto& workload : trend.workloads) {
    out += fmt::format("### {} (speedup at {} workers)\n\n", escape_inline(workload), trend.workers.at(workload));
    for (const auto& chart : charts)
      if (chart.workload == workload) out += fmt::format("![{}]({})\n\n", escape_inline(chart.title), chart.file_name);
    std::vector<const results::TrendSeries*> columns;
    for (const auto& s : trend.series)
      if (s.workload == workload) columns.push_back(&s);
    out += "| run |";
    for (const auto* s : columns) out += " " + escape_inline(s->name()) + " |";
    out += "\n" + table_separator(1 + columns.size());
    for (std::size_t run = 0; run < trend.runs.size(); ++run) {
      out += "| " + escape_inline(trend.runs[run].label) + " |";
      for (const auto* s : columns) {
        const auto& p = s->points[run];
        out += p.speedup ? fmt::format(" {:.2f}x{} |", *p.speedup, p.doubtful ? " ⚠" : "") : std::string(" — |");
      }
      out += "\n";
    }
    out += "\n";
  }
  out += "Runs (oldest first):\n\n";
  for (const auto& run : trend.runs)
    out += fmt::format("- {}: {}\n", escape_inline(run.label), escape_inline(run.origin));
  return out;
}

}  // namespace gm::report
