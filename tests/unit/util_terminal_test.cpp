#include <catch2/catch.hpp>

#include "util/terminal.hpp"

using gm::Terminal;

TEST_CASE("terminal colour: a terminal gets colour, a file does not", "[util][terminal]") {
  CHECK(Terminal::colour_wanted(true, std::nullopt, std::nullopt, std::nullopt));
  CHECK_FALSE(Terminal::colour_wanted(false, std::nullopt, std::nullopt, std::nullopt));
}

TEST_CASE("terminal colour: FORCE_COLOR forces it, NO_COLOR wins over both", "[util][terminal]") {
  CHECK(Terminal::colour_wanted(false, std::nullopt, "1", std::nullopt));
  CHECK_FALSE(Terminal::colour_wanted(false, std::nullopt, "0", std::nullopt));
  CHECK_FALSE(Terminal::colour_wanted(true, "1", std::nullopt, std::nullopt));
  CHECK_FALSE(Terminal::colour_wanted(false, "1", "1", std::nullopt));
  CHECK_FALSE(Terminal::colour_wanted(true, std::nullopt, std::nullopt, "dumb"));
  CHECK(Terminal::colour_wanted(false, std::nullopt, "1", "dumb"));
}
