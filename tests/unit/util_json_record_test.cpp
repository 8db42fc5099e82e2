#include <catch2/catch.hpp>

#include <chrono>
#include <optional>

#include <nlohmann/json.hpp>

#include "results/model.hpp"
#include "util/json_record.hpp"

using namespace std::chrono_literals;

TEST_CASE("json records: integers are checked, optionals are null, durations are seconds", "[util][json_record]") {
  using gm::json_record::checked_integer;
  CHECK(checked_integer<int>(nlohmann::json(7)) == 7);
  CHECK_THROWS_WITH(checked_integer<int>(nlohmann::json(1e300)), "must be an integer");
  CHECK_THROWS_WITH(checked_integer<int>(nlohmann::json(-1)), "is out of range");
  CHECK_THROWS_WITH(checked_integer<int>(nlohmann::json(1ULL << 40)), "is out of range");
  CHECK(checked_integer<std::size_t>(nlohmann::json(1ULL << 40)) == (1ULL << 40));
  CHECK(nlohmann::json(std::optional<double>{}).is_null());
  CHECK(nlohmann::json(nullptr).get<std::optional<int>>() == std::nullopt);
  CHECK_THROWS(nlohmann::json(-3).get<std::optional<int>>());
  CHECK(nlohmann::json(1500ms) == 1.5);
  CHECK(nlohmann::json(0.25).get<std::chrono::milliseconds>() == 250ms);
  CHECK_THROWS(nlohmann::json(-1).get<std::chrono::milliseconds>());
  auto attempt = nlohmann::json(gm::results::Attempt{});
  CHECK_FALSE(attempt.contains("round"));  // left out at its default, as files before it
  CHECK(attempt.contains("kept"));
}
