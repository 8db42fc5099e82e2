#include "report/comparison_text.hpp"

#include <fmt/format.h>

namespace gm::report {

std::string comparison_counts(const results::Comparison& c, results::Gate gate) {
  using results::Severity;
  auto plural = [](std::size_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); };
  std::size_t ungated = c.count(Severity::regression) - c.count(Severity::regression, gate);
  return fmt::format("{} (gate: {}{}), {}, {}, {}; {} and {} compared",
                     plural(c.count(Severity::regression, gate), "regression"), to_string(gate),
                     ungated ? fmt::format("; {} more outside it", ungated) : "",
                     plural(c.count(Severity::improvement), "improvement"), plural(c.count(Severity::warning), "warning"),
                     plural(c.count(Severity::info), "other change"), plural(c.compared_cells, "cell"),
                     plural(c.compared_modules, "module"));
}

std::string render_comparison_text(const results::Comparison& c, results::Gate gate) {
  std::string out = fmt::format("gilmatrix compare: {} -> {}\n", c.before_label, c.after_label);
  for (const auto& note : c.notes) out += "note: " + note + "\n";
  for (const auto& change : c.changes) {
    bool ungated = change.severity == results::Severity::regression && !c.counts(change, gate);
    out += fmt::format("{:<12} {}{}\n", to_string(change.severity), change.message, ungated ? " (not gated)" : "");
  }
  return out + comparison_counts(c, gate) + "\n";
}

}  // namespace gm::report
