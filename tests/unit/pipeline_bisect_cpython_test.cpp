// Which cell a bisect of CPython's history follows among what the selection leaves.
#include <catch2/catch.hpp>

#include "pipeline/bisect_cpython.hpp"
#include "util/error.hpp"

using gm::pipeline::BisectWhen;
using gm::pipeline::followed_cell;

namespace {
gm::config::Cell bisect_cell(const std::string& workload, int workers) {
  gm::config::Cell c;
  c.build = "git-3.13";
  c.workload = workload;
  c.workers = workers;
  return c;
}
}  // namespace

TEST_CASE("a bisect follows the cell with the most workers of the one series left", "[bisect][pipeline]") {
  std::vector<gm::config::Cell> cells{bisect_cell("zlib", 1), bisect_cell("zlib", 2)};
  CHECK(followed_cell(cells, BisectWhen::speedup).workers == 2);
  CHECK(followed_cell(cells, BisectWhen::time).workers == 2);
}

TEST_CASE("a bisect refuses more than one series, and a speedup of one worker", "[bisect][pipeline]") {
  std::vector<gm::config::Cell> two_series{bisect_cell("zlib", 1), bisect_cell("regex", 1)};
  CHECK_THROWS_AS(followed_cell(two_series, BisectWhen::time), gm::UsageError);
  std::vector<gm::config::Cell> one_worker{bisect_cell("zlib", 1)};
  CHECK_THROWS_AS(followed_cell(one_worker, BisectWhen::speedup), gm::UsageError);
  CHECK(followed_cell(one_worker, BisectWhen::status).workers == 1);
  CHECK_THROWS_AS(followed_cell({}, BisectWhen::status), gm::UsageError);
}
