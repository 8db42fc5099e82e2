#include "measure/budget_choice.hpp"

namespace gm::measure {

std::optional<std::size_t> next_for_budget(const std::vector<BudgetCandidate>& candidates, double seconds_left) {
  std::optional<std::size_t> cheapest, furthest;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto& c = candidates[i];
    if (c.seconds_to_target <= seconds_left &&
        (!cheapest || c.seconds_to_target < candidates[*cheapest].seconds_to_target))
      cheapest = i;
    if (!furthest || c.shortfall > candidates[*furthest].shortfall) furthest = i;
  }
  return cheapest ? cheapest : furthest;
}

}  // namespace gm::measure
