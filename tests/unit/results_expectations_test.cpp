#include <catch2/catch.hpp>

#include "results/expectations.hpp"

using namespace gm::results;
using gm::config::Executor;
using gm::config::GilMode;
using nlohmann::json;

TEST_CASE("expectations: per build kind, per executor, numbers, N and ranges", "[results][expectations]") {
  auto parsed = parse_expectations(json::parse(R"({
      "threads": {"gil": 1, "free-threaded": "N"},
      "processes": "N",
      "interpreters": ["0.5N", "N"],
      "asyncio": {"gil": {"serial": 0.5}}})"));
  REQUIRE(parsed);
  auto threads_gil = expected_band(*parsed, Executor::threads, false, GilMode::default_mode);
  REQUIRE(threads_gil);
  CHECK(threads_gil->low.at(4) == 1);
  CHECK(threads_gil->describe(4) == "about 1x");
  auto threads_ft = expected_band(*parsed, Executor::threads, true, GilMode::default_mode);
  CHECK(threads_ft->high.at(4) == 4);
  CHECK(threads_ft->describe(2) == "about 2x");
  // GIL mode "on" puts a free-threaded build back under the GIL expectation.
  CHECK(expected_band(*parsed, Executor::threads, true, GilMode::on)->describe(2) == "about 1x");
  CHECK(expected_band(*parsed, Executor::processes, false, GilMode::default_mode)->describe(3) == "about 3x");
  CHECK(expected_band(*parsed, Executor::interpreters, true, GilMode::off)->describe(4) == "2x to 4x");
  auto amdahl = expected_band(*parsed, Executor::asyncio, false, GilMode::default_mode);
  CHECK(amdahl->low.at(2) == Approx(4.0 / 3));
  CHECK(amdahl->describe(2) == "about 1.33x");
  CHECK_FALSE(expected_band(*parsed, Executor::asyncio, true, GilMode::default_mode));
}

TEST_CASE("expectations: nothing declared is no expectation", "[results][expectations]") {
  auto parsed = parse_expectations(json());
  REQUIRE(parsed);
  CHECK(parsed->empty());
}

TEST_CASE("expectations: malformed declarations name what is wrong", "[results][expectations]") {
  CHECK_THAT(parse_expectations(json::parse(R"({"thread": "N"})")).error(),
             Catch::Contains("unknown executor \"thread\""));
  CHECK_THAT(parse_expectations(json::parse(R"({"threads": "lots"})")).error(),
             Catch::Contains("\"lots\" is not a speedup"));
  CHECK_THAT(parse_expectations(json::parse(R"({"threads": {"nogil": "N"}})")).error(),
             Catch::Contains("unknown build kind \"nogil\""));
  CHECK_THAT(parse_expectations(json::parse(R"({"threads": [1, 2, 3]})")).error(), Catch::Contains("two ends"));
  CHECK_THAT(parse_expectations(json::parse(R"({"threads": -1})")).error(), Catch::Contains("not a positive speedup"));
  CHECK_THAT(parse_expectations(json::parse(R"("N")")).error(), Catch::Contains("must be a dict"));
}
