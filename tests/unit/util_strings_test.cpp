#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "util/strings.hpp"

namespace {

const std::vector<std::string> kDefaultsKeys{"workers",        "repeats",   "timeout",
                                             "import-timeout", "gil-modes", "unstable-cv"};

}  // namespace

TEST_CASE("edit_distance counts insertions, deletions and substitutions", "[util][strings]") {
  CHECK(gm::edit_distance("", "") == 0);
  CHECK(gm::edit_distance("abc", "abc") == 0);
  CHECK(gm::edit_distance("", "abc") == 3);
  CHECK(gm::edit_distance("abc", "") == 3);
  CHECK(gm::edit_distance("worker", "workers") == 1);
  CHECK(gm::edit_distance("repaets", "repeats") == 2);
  CHECK(gm::edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("edit_distance is symmetric", "[util][strings]") {
  CHECK(gm::edit_distance("flaw", "lawn") == gm::edit_distance("lawn", "flaw"));
  CHECK(gm::edit_distance("gil-modes", "gil_mode") == gm::edit_distance("gil_mode", "gil-modes"));
}

TEST_CASE("closest_match suggests the nearest candidate for a typo", "[util][strings]") {
  CHECK(gm::closest_match("worker", kDefaultsKeys) == std::optional<std::string>("workers"));
  CHECK(gm::closest_match("timout", kDefaultsKeys) == std::optional<std::string>("timeout"));
  CHECK(gm::closest_match("gil_modes", kDefaultsKeys) == std::optional<std::string>("gil-modes"));
}

TEST_CASE("closest_match ignores case", "[util][strings]") {
  CHECK(gm::closest_match("WORKERS", kDefaultsKeys) == std::optional<std::string>("workers"));
}

TEST_CASE("closest_match gives nothing when no candidate is close", "[util][strings]") {
  CHECK_FALSE(gm::closest_match("banana", kDefaultsKeys).has_value());
  CHECK_FALSE(gm::closest_match("anything", std::vector<std::string>{}).has_value());
}

TEST_CASE("shell_quote leaves safe words alone", "[util][strings]") {
  CHECK(gm::shell_quote("run") == "run");
  CHECK(gm::shell_quote("matrices/quick.toml") == "matrices/quick.toml");
  CHECK(gm::shell_quote("--out=/tmp/x,y:z@1%+") == "--out=/tmp/x,y:z@1%+");
}

TEST_CASE("shell_quote single-quotes words a shell would interpret", "[util][strings]") {
  CHECK(gm::shell_quote("") == "''");
  CHECK(gm::shell_quote("two words") == "'two words'");
  CHECK(gm::shell_quote("$HOME") == "'$HOME'");
  CHECK(gm::shell_quote("a;rm -rf /") == "'a;rm -rf /'");
  CHECK(gm::shell_quote("it's") == "'it'\\''s'");
}

TEST_CASE("shell_join quotes each word and joins with spaces", "[util][strings]") {
  std::vector<std::string> argv{"gilmatrix", "run", "my matrix.toml", "--repeats", "3"};
  CHECK(gm::shell_join(argv) == "gilmatrix run 'my matrix.toml' --repeats 3");
}

TEST_CASE("tail_lines keeps the last N lines", "[util][strings]") {
  CHECK(gm::tail_lines("a\nb\nc\nd", 2) == "c\nd");
  CHECK(gm::tail_lines("a\nb\nc\nd\n", 2) == "c\nd");
  CHECK(gm::tail_lines("a\nb\nc\nd\n\n\n", 1) == "d");
  CHECK(gm::tail_lines("only line", 3) == "only line");
}

TEST_CASE("tail_lines returns the whole text when it has no more than N lines", "[util][strings]") {
  CHECK(gm::tail_lines("a\nb", 2) == "a\nb");
  CHECK(gm::tail_lines("a\nb", 5) == "a\nb");
  CHECK(gm::tail_lines("", 3).empty());
}

TEST_CASE("split keeps empty fields and split_lines drops one trailing newline and CRs", "[util][strings]") {
  CHECK(gm::split("a::b", ':') == std::vector<std::string>{"a", "", "b"});
  CHECK(gm::split("", ':') == std::vector<std::string>{""});
  CHECK(gm::split_lines("one\r\ntwo\n") == std::vector<std::string>{"one", "two"});
}

TEST_CASE("trim, join and to_lower", "[util][strings]") {
  CHECK(gm::trim("  \t padded \n") == "padded");
  CHECK(gm::trim("   ").empty());
  std::vector<std::string> parts{"1", "2", "4"};
  CHECK(gm::join(parts, ", ") == "1, 2, 4");
  CHECK(gm::to_lower("PyThOn3.13T") == "python3.13t");
}

TEST_CASE("printable shows control characters as escapes and keeps newlines, tabs and UTF-8", "[util][strings]") {
  CHECK(gm::printable("red \x1b[31mtext\x1b[0m") == "red \\x1b[31mtext\\x1b[0m");
  CHECK(gm::printable("bell\a cr\r del\x7f") == "bell\\x07 cr\\x0d del\\x7f");
  CHECK(gm::printable("line\n\tindented") == "line\n\tindented");
  CHECK(gm::printable("C1 CSI \xc2\x9b"
                      "31m") == "C1 CSI \\x9b31m");
  CHECK(gm::printable("caf\xc3\xa9 \xc2\xa0nbsp \xe2\x9c\x93") == "caf\xc3\xa9 \xc2\xa0nbsp \xe2\x9c\x93");
}

TEST_CASE("shell_split reads back what shell_join wrote", "[util][strings]") {
  std::vector<std::string> words{"gilmatrix", "run", "my matrix.toml", "it's", "", "--build", "3.13*", "a\\b"};
  CHECK(gm::shell_split(gm::shell_join(words)) == words);
  CHECK(gm::shell_split("  a  b\\ c ") == std::vector<std::string>{"a", "b c"});
}

TEST_CASE("printable escapes the bidirectional controls", "[util][strings]") {
  CHECK(gm::printable("gil\xe2\x80\xaeoff") == "gil\\u202eoff");                     // RIGHT-TO-LEFT OVERRIDE
  CHECK(gm::printable("\xe2\x81\xa6x\xe2\x81\xa9") == "\\u2066x\\u2069");            // isolates
  CHECK(gm::printable("a\xe2\x80\x8f\xd8\x9c") == "a\\u200f\\u061c");                // RLM, ALM
  CHECK(gm::printable("\xe2\x80\x94 \xe2\x80\x99") == "\xe2\x80\x94 \xe2\x80\x99");  // dashes and quotes stay
}

TEST_CASE("shortened cuts what it echoes and says how long it was", "[util][strings]") {
  CHECK(gm::shortened("short") == "short");
  CHECK(gm::shortened(std::string(1000, 'x'), 10) == "xxxxxxxxxx... (1000 bytes in all)");
  CHECK(gm::shortened("aaaaaaaaa\xc3\xa9", 10) == "aaaaaaaaa... (11 bytes in all)");  // never half a character
}
