#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "report/markdown_text.hpp"
#include "util/strings.hpp"

using gm::report::escape_inline;
using gm::report::fenced_block;

namespace {

std::size_t longest_backtick_run(std::string_view text) {
  std::size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

// The leading backticks of the block's first line.
std::string opening_fence(const std::string& block) { return block.substr(0, block.find_first_not_of('`')); }

}  // namespace

TEST_CASE("escape_inline keeps a pipe from splitting a table cell", "[report][markdown_text]") {
  CHECK(escape_inline("a|b") == "a\\|b");
}

TEST_CASE("escape_inline turns newlines into <br> and drops carriage returns", "[report][markdown_text]") {
  CHECK(escape_inline("line one\nline two") == "line one<br>line two");
  CHECK(escape_inline("dos\r\nline") == "dos<br>line");
  CHECK(escape_inline("tab\there") == "tab here");
}

TEST_CASE("escape_inline escapes backticks", "[report][markdown_text]") {
  CHECK(escape_inline("run `make`") == "run \\`make\\`");
}

TEST_CASE("escape_inline neutralises HTML", "[report][markdown_text]") {
  auto escaped = escape_inline("<script>alert(1)</script>");
  CHECK(escaped == "\\<script\\>alert(1)\\</script\\>");
  // Every angle bracket is preceded by a backslash.
  for (std::size_t i = 0; i < escaped.size(); ++i)
    if (escaped[i] == '<' || escaped[i] == '>') CHECK((i > 0 && escaped[i - 1] == '\\'));
  CHECK(escape_inline("a & b") == "a \\& b");
}

TEST_CASE("escape_inline escapes emphasis, links and backslashes", "[report][markdown_text]") {
  CHECK(escape_inline("*bold* _it_ ~strike~") == "\\*bold\\* \\_it\\_ \\~strike\\~");
  CHECK(escape_inline("[x](http://y) ![i]") == "\\[x\\](http://y) \\!\\[i\\]");
  CHECK(escape_inline("C:\\path") == "C:\\\\path");
  CHECK(escape_inline("# heading $x") == "\\# heading \\$x");
}

TEST_CASE("escape_inline leaves ordinary text alone", "[report][markdown_text]") {
  CHECK(escape_inline("3.13t/cpu-pure-python/threads/off/x4") == "3.13t/cpu-pure-python/threads/off/x4");
  CHECK(escape_inline("").empty());
}

TEST_CASE("fenced_block wraps text in a three-backtick fence with the info string", "[report][markdown_text]") {
  CHECK(fenced_block("gilmatrix run m.toml", "sh") == "```sh\ngilmatrix run m.toml\n```\n");
  CHECK(fenced_block("already ends\n") == "```\nalready ends\n```\n");
  CHECK(fenced_block("") == "```\n```\n");
}

TEST_CASE("fenced_block uses a longer fence than any backtick run in the text", "[report][markdown_text]") {
  for (std::string text : {"```", "a ``` b", "````four````", "x`y``z```w", "ends with ``````"}) {
    INFO(text);
    auto block = fenced_block(text, "text");
    auto fence = opening_fence(block);
    CHECK(fence.size() > longest_backtick_run(text));
    CHECK(fence.size() >= 3);
    // The block closes with the same fence on its own line.
    CHECK_THAT(block, Catch::EndsWith("\n" + fence + "\n"));
    // No line inside the body is a fence that could close the block early.
    auto lines = gm::split_lines(block);
    for (std::size_t i = 1; i + 1 < lines.size(); ++i) CHECK_FALSE(lines[i].starts_with(fence));
  }
}

TEST_CASE("fenced_block keeps the text verbatim", "[report][markdown_text]") {
  std::string text = "Traceback (most recent call last):\n  File \"w.py\", line 3\n    x = a | b <c>\n";
  CHECK(fenced_block(text, "text") == "```text\n" + text + "```\n");
}

TEST_CASE("escape_inline and fenced_block show an ESC from a workload as text", "[report][markdown_text]") {
  CHECK(escape_inline("boom\x1b]0;pwned\x07") == "boom\\\\x1b\\]0;pwned\\\\x07");
  CHECK(fenced_block("boom\x1b[2J\n", "text") == "```text\nboom\\x1b[2J\n```\n");
}

TEST_CASE("table_separator writes one |---| per column and ends the line", "[report][markdown_text]") {
  CHECK(gm::report::table_separator(1) == "|---|\n");
  CHECK(gm::report::table_separator(3) == "|---|---|---|\n");
}
