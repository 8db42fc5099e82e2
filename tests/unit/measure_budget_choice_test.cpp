#include <catch2/catch.hpp>

#include <limits>
#include <vector>

#include "measure/budget_choice.hpp"

using namespace gm::measure;

namespace {
constexpr double kOutOfReach = std::numeric_limits<double>::infinity();
}

TEST_CASE("budget choice: the group brought to its target most cheaply goes first", "[measure][budget]") {
  // The widest figure (shortfall 5) is out of reach; of the two that can get
  // there, the cheaper one, though it is the nearer to its target.
  std::vector<BudgetCandidate> groups{{kOutOfReach, 5.0}, {40.0, 2.0}, {12.0, 1.3}};
  CHECK(next_for_budget(groups, 100.0) == 2u);
}

TEST_CASE("budget choice: what costs more than the budget left is out of reach", "[measure][budget]") {
  std::vector<BudgetCandidate> groups{{30.0, 1.5}, {50.0, 3.0}};
  CHECK(next_for_budget(groups, 20.0) == 1u);  // neither fits: the furthest
  CHECK(next_for_budget(groups, 40.0) == 0u);
}

TEST_CASE("budget choice: with none in reach, the furthest from its target", "[measure][budget]") {
  std::vector<BudgetCandidate> groups{{kOutOfReach, 1.2}, {kOutOfReach, 4.0}, {kOutOfReach, 2.0}};
  CHECK(next_for_budget(groups, 1000.0) == 1u);
  CHECK_FALSE(next_for_budget({}, 1000.0));
}
