#include <catch2/catch.hpp>

#include <random>
#include <set>

#include "exec/environment.hpp"
#include "measure/process_layout.hpp"

using gm::measure::draw_layout_padding;
using gm::measure::kLayoutPaddingVariable;
using gm::measure::kMostLayoutPadding;

TEST_CASE("layout paddings cover one page in steps of the stack's alignment") {
  std::mt19937_64 engine(3);
  std::set<std::size_t> seen;
  for (int i = 0; i < 4000; ++i) {
    auto padding = draw_layout_padding(engine);
    CHECK(padding < kMostLayoutPadding);
    CHECK(padding % 16 == 0);
    seen.insert(padding);
  }
  // 256 possible paddings, 4000 draws: every one of them comes up.
  CHECK(seen.size() == kMostLayoutPadding / 16);
}

TEST_CASE("the padding is a variable of that many bytes, and none at zero") {
  auto env = gm::exec::Environment::minimal_from_parent();
  gm::measure::pad_environment(env, 160);
  REQUIRE(env.get(kLayoutPaddingVariable));
  CHECK(env.get(kLayoutPaddingVariable)->size() == 160);
  gm::measure::pad_environment(env, 0);
  CHECK_FALSE(env.get(kLayoutPaddingVariable));
}
