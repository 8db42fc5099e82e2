#include "report/comparison_markdown.hpp"

#include <fmt/format.h>

#include "report/comparison_text.hpp"
#include "report/markdown_text.hpp"

namespace gm::report {

std::string render_comparison_markdown(const results::Comparison& c, results::Gate gate, int heading_level,
                                       std::size_t max_rows) {
  using results::Severity;
  std::string h(static_cast<std::size_t>(heading_level), '#');
  std::string out = fmt::format("{} gilmatrix compare\n\n{} → {}: {}.\n\n", h, escape_inline(c.before_label),
                                escape_inline(c.after_label), escape_inline(comparison_counts(c, gate)));
  for (const auto& note : c.notes) out += "- " + escape_inline(note) + "\n";
  if (!c.notes.empty()) out += "\n";
  const std::pair<Severity, const char*> sections[] = {{Severity::regression, "Regressions"},
                                                       {Severity::improvement, "Improvements"},
                                                       {Severity::warning, "Warnings"},
                                                       {Severity::info, "Other changes"}};
  for (const auto& [severity, title] : sections) {
    std::string rows;
    std::size_t shown = 0, total = 0;
    for (const auto& change : c.changes) {
      if (change.severity != severity) continue;
      if (++total > max_rows) continue;
      ++shown;
      bool ungated = severity == Severity::regression && !c.counts(change, gate);
      rows += fmt::format("| {} | {} | {} | {} | {} |\n", escape_inline(change.kind) + (ungated ? " (not gated)" : ""),
                          escape_inline(change.build), escape_inline(change.subject),
                          change.before.empty() ? "—" : escape_inline(change.before),
                          change.after.empty() ? "—" : escape_inline(change.after));
    }
    if (total == 0) continue;
    out +=
        fmt::format("{}# {}\n\n| what | build | subject | before | after |\n{}{}", h, title, table_separator(5), rows);
    if (total > shown)
      out += fmt::format("\n…and {} more (`gilmatrix compare --format json` lists all).\n", total - shown);
    out += "\n";
  }
  if (!c.not_gated.empty()) {
    out += fmt::format("{}# Not gated\n\n{}.\n\n| cell | why |\n{}", h, escape_inline(not_gated_summary(c)),
                       table_separator(2));
    std::size_t shown = 0;
    for (const auto& n : c.not_gated)
      if (shown++ < max_rows) out += fmt::format("| {} | {} |\n", escape_inline(n.cell), escape_inline(n.why));
    if (c.not_gated.size() > max_rows)
      out +=
          fmt::format("\n…and {} more (`gilmatrix compare --format json` lists all).\n", c.not_gated.size() - max_rows);
    out += "\n";
  }
  return out;
}

}  // namespace gm::report
