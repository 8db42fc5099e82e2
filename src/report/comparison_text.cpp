#include "report/comparison_text.hpp"

#include <map>

#include <fmt/format.h>

#include "util/strings.hpp"
#include "util/text_table.hpp"

namespace gm::report {

std::string not_gated_summary(const results::Comparison& c) {
  if (c.not_gated.empty()) return "";
  std::map<std::string, std::size_t> by_why;
  for (const auto& n : c.not_gated) {
    // "not in the new run's selection (--workload a)" counts as one kind.
    auto why = n.why.substr(0, n.why.find(" ("));
    ++by_why[why];
  }
  std::vector<std::string> parts;
  for (const auto& [why, count] : by_why) parts.push_back(fmt::format("{} {}", count, why));
  return fmt::format("{} cell{} not gated: {}", c.not_gated.size(), c.not_gated.size() == 1 ? "" : "s",
                     join(parts, ", "));
}

std::string comparison_counts(const results::Comparison& c, results::Gate gate) {
  using results::Severity;
  auto plural = [](std::size_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); };
  std::size_t ungated = c.count(Severity::regression) - c.count(Severity::regression, gate);
  auto not_gated = not_gated_summary(c);
  return fmt::format(
      "{} (gate: {}{}), {}, {}, {}; {} and {} compared{}", plural(c.count(Severity::regression, gate), "regression"),
      to_string(gate), ungated ? fmt::format("; {} more outside it", ungated) : "",
      plural(c.count(Severity::improvement), "improvement"), plural(c.count(Severity::warning), "warning"),
      plural(c.count(Severity::info), "other change"), plural(c.compared_cells, "cell"),
      plural(c.compared_modules, "module"), not_gated.empty() ? "" : "; " + not_gated);
}

std::string render_comparison_text(const results::Comparison& c, results::Gate gate) {
  std::string out = fmt::format("gilmatrix compare: {} -> {}\n", c.before_label, c.after_label);
  for (const auto& note : c.notes) out += "note: " + note + "\n";
  using Align = TextTable::Align;
  TextTable table({Align::left, Align::left});
  for (const auto& change : c.changes) {
    bool ungated = change.severity == results::Severity::regression && !c.counts(change, gate);
    table.add_row({to_string(change.severity), change.message + (ungated ? " (not gated)" : "")});
  }
  for (const auto& n : c.not_gated) table.add_row({"not gated", n.cell + ": " + n.why});
  return out + table.render() + comparison_counts(c, gate) + "\n";
}

}  // namespace gm::report
