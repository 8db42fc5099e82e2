#pragma once
// Which round group gets the next round of a run's budget, once every group
// has had its fair share (docs/MEASUREMENT.md, "budget").
#include <cstddef>
#include <optional>
#include <vector>

namespace gm::measure {

struct BudgetCandidate {
  double seconds_to_target = 0;  // rounds' seconds still expected to reach the target: infinite when out of reach
  double shortfall = 0;          // the widest compared figure's half-width / the target
};

// The group the budget left (`seconds_left`) can bring to the target most
// cheaply: the most figures at the target for the time. When none can get
// there, the one furthest from it (furthest-first alone sank budgets into
// groups that could never get there). Nothing when there are no candidates.
std::optional<std::size_t> next_for_budget(const std::vector<BudgetCandidate>& candidates, double seconds_left);

}  // namespace gm::measure
