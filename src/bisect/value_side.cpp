#include "bisect/value_side.hpp"

namespace gm::bisect {

bool ends_differ(const results::Interval& good_end, const results::Interval& bad_end) {
  return good_end.high < bad_end.low || bad_end.high < good_end.low;
}

Side side_of(const results::Interval& commit, double good_value, double bad_value) {
  const double midpoint = (good_value + bad_value) / 2;
  const bool bad_above = bad_value > good_value;
  if (commit.high < midpoint) return bad_above ? Side::good : Side::bad;
  if (commit.low > midpoint) return bad_above ? Side::bad : Side::good;
  return Side::unresolved;
}

}  // namespace gm::bisect
