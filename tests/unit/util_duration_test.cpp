#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "util/duration.hpp"

using namespace std::chrono_literals;

namespace {

// The parsed value in milliseconds, or -1 when the text was rejected.
long long parsed_ms(std::string_view text) {
  auto parsed = gm::parse_duration(text);
  return parsed ? parsed->count() : -1;
}

}  // namespace

TEST_CASE("parse_duration accepts each unit", "[util][duration]") {
  CHECK(parsed_ms("500ms") == 500);
  CHECK(parsed_ms("90s") == 90'000);
  CHECK(parsed_ms("2m") == 120'000);
  CHECK(parsed_ms("1h") == 3'600'000);
}

TEST_CASE("parse_duration adds up compound durations", "[util][duration]") {
  CHECK(parsed_ms("1m30s") == 90'000);
  CHECK(parsed_ms("1h2m3s4ms") == 3'723'004);
}

TEST_CASE("parse_duration requires a unit", "[util][duration]") {
  auto parsed = gm::parse_duration("5");
  REQUIRE_FALSE(parsed);
  CHECK_THAT(parsed.error(), Catch::Contains("unit must be ms, s, m or h"));
}

TEST_CASE("parse_duration rejects unknown units, empty text and garbage", "[util][duration]") {
  CHECK_FALSE(gm::parse_duration("3x"));
  CHECK_FALSE(gm::parse_duration(""));
  CHECK_FALSE(gm::parse_duration("s"));
  CHECK_FALSE(gm::parse_duration("-5s"));
  CHECK_FALSE(gm::parse_duration("1.5s"));
  CHECK_FALSE(gm::parse_duration("5 s"));
}

TEST_CASE("parse_duration rejects a zero duration", "[util][duration]") {
  auto parsed = gm::parse_duration("0s");
  REQUIRE_FALSE(parsed);
  CHECK_THAT(parsed.error(), Catch::Contains("must be positive"));
}

TEST_CASE("parse_duration reports an out-of-range number as an error instead of throwing", "[util][duration]") {
  // The loader turns parse_duration's error into a positioned UsageError; an
  // exception escaping here bypasses that (std::stoll throws std::out_of_range).
  gm::Expected<gm::Milliseconds> parsed = gm::Milliseconds(0);
  REQUIRE_NOTHROW(parsed = gm::parse_duration("99999999999999999999s"));
  CHECK_FALSE(parsed);
}

TEST_CASE("format_duration picks a unit for people", "[util][duration]") {
  CHECK(gm::format_duration(1.24s) == "1.2s");
  CHECK(gm::format_duration(65s) == "1m05s");
  CHECK(gm::format_duration(3720s) == "1h02m");
}

TEST_CASE("parse_duration accepts days, for cache ages") {
  REQUIRE(gm::parse_duration("30d").value() == std::chrono::hours(24 * 30));
  REQUIRE(gm::parse_duration("1d12h").value() == std::chrono::hours(36));
}
