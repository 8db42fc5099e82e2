#include "report/comparison_json.hpp"

namespace gm::report {

nlohmann::json comparison_to_json(const results::Comparison& c, results::Gate gate) {
  using results::Severity;
  nlohmann::json changes = nlohmann::json::array();
  for (const auto& change : c.changes)
    changes.push_back({{"severity", to_string(change.severity)},
                       {"area", to_string(change.area)},
                       {"kind", change.kind},
                       {"build", change.build},
                       {"subject", change.subject},
                       {"before", change.before},
                       {"after", change.after},
                       {"message", change.message},
                       {"gated", change.severity == Severity::regression && c.counts(change, gate)}});
  nlohmann::json not_gated = nlohmann::json::array();
  for (const auto& n : c.not_gated) not_gated.push_back({{"cell", n.cell}, {"why", n.why}});
  return {{"before", c.before_label},
          {"after", c.after_label},
          {"gate", to_string(gate)},
          {"regressed", c.regressed(gate)},
          {"counts",
           {{"regressions", c.count(Severity::regression, gate)},
            {"regressions_outside_gate", c.count(Severity::regression) - c.count(Severity::regression, gate)},
            {"improvements", c.count(Severity::improvement)},
            {"warnings", c.count(Severity::warning)},
            {"other_changes", c.count(Severity::info)},
            {"cells_compared", c.compared_cells},
            {"modules_compared", c.compared_modules},
            {"cells_not_gated", c.not_gated.size()}}},
          {"not_gated", not_gated},
          {"notes", c.notes},
          {"changes", changes}};
}

}  // namespace gm::report
