#include <catch2/catch.hpp>

#include "bisect/value_side.hpp"

using gm::bisect::ends_differ;
using gm::bisect::Side;
using gm::bisect::side_of;
using gm::results::Interval;

TEST_CASE("bisect: ends whose intervals overlap do not differ", "[bisect]") {
  CHECK(ends_differ({1.9, 2.1}, {1.2, 1.4}));
  CHECK(ends_differ({1.2, 1.4}, {1.9, 2.1}));
  CHECK_FALSE(ends_differ({1.9, 2.1}, {1.7, 1.95}));
}

TEST_CASE("bisect: a commit is on a side only when its whole interval is", "[bisect]") {
  // A speedup that dropped from 2.0x to 1.3x: the midpoint is 1.65x.
  CHECK(side_of({1.9, 2.05}, 2.0, 1.3) == Side::good);
  CHECK(side_of({1.25, 1.4}, 2.0, 1.3) == Side::bad);
  CHECK(side_of({1.5, 1.8}, 2.0, 1.3) == Side::unresolved);
  // A time that grew from 0.5 s to 0.8 s: the midpoint is 0.65 s.
  CHECK(side_of({0.49, 0.52}, 0.5, 0.8) == Side::good);
  CHECK(side_of({0.78, 0.83}, 0.5, 0.8) == Side::bad);
  CHECK(side_of({0.6, 0.7}, 0.5, 0.8) == Side::unresolved);
}
