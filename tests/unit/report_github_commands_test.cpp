#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "report/github_commands.hpp"
#include "scoped_env.hpp"
#include "util/paths.hpp"

using namespace gm::report;

TEST_CASE("github commands: message data escapes %, CR and LF", "[report][github_commands]") {
  CHECK(escape_command_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b");
}

TEST_CASE("github commands: property values also escape ':' and ','", "[report][github_commands]") {
  CHECK(escape_command_property("a: b, 50%\n") == "a%3A b%2C 50%25%0A");
}

TEST_CASE("github commands: one annotation line", "[report][github_commands]") {
  CHECK(annotation(AnnotationLevel::error, "crcmod._crcfunext re-enables GIL on 3.13t", "Fix: x\nReproduce: y") ==
        "::error title=crcmod._crcfunext re-enables GIL on 3.13t::Fix: x%0AReproduce: y\n");
  CHECK(annotation(AnnotationLevel::warning, "t", "m").starts_with("::warning title=t::"));
  CHECK(annotation(AnnotationLevel::notice, "t", "m").starts_with("::notice title=t::"));
}

TEST_CASE("github commands: the step summary goes to $GITHUB_STEP_SUMMARY when set", "[report][github_commands]") {
  gm::TempDir dir("gm-summary-test");
  auto file = dir.path() / "summary.md";
  {
    ScopedEnv unset("GITHUB_STEP_SUMMARY", nullptr);
    CHECK_FALSE(append_step_summary("# nothing"));
  }
  ScopedEnv set("GITHUB_STEP_SUMMARY", file.c_str());
  CHECK(append_step_summary("# one"));
  CHECK(append_step_summary("two\n"));
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str() == "# one\ntwo\n");
}
