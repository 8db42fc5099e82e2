#include <catch2/catch.hpp>

#include <string>

#include "report/bisect_output.hpp"

using gm::bisect::Answer;
using gm::bisect::Result;
using gm::bisect::Verdict;

namespace {

Result five_commits() {
  Result r;
  r.python = "3.13t";
  r.repo = "/src/pkg";
  r.when = "verdict";
  for (int i = 0; i < 5; ++i)
    r.range.push_back({std::string(40, static_cast<char>('a' + i)), "commit " + std::to_string(i), 1735689600});
  r.tested = {{0, Verdict::good, "pkg._ext: keeps GIL disabled", "", 12},
              {4, Verdict::bad, "pkg._ext: re-enables GIL", "", 11},
              {2, Verdict::skipped, "does not install", "error: expected ';'", 3},
              {1, Verdict::good, "pkg._ext: keeps GIL disabled", "", 10},
              {3, Verdict::bad, "pkg._ext: re-enables GIL", "", 10}};
  return r;
}

}  // namespace

TEST_CASE("bisect output: the first bad commit, with the good one before it", "[report][bisect]") {
  auto r = five_commits();
  r.tested[2].verdict = Verdict::good;
  r.tested[2].result = "pkg._ext: keeps GIL disabled";
  r.tested[2].detail.clear();
  r.answer = Answer{Answer::Kind::found, 3, 2, false, false};
  auto text = gm::report::bisect_text(r);
  CHECK(text.find("first bad commit: " + std::string(40, 'd') + " \"commit 3\" (2025-01-01)") != std::string::npos);
  CHECK(text.find("the commit before it, cccccccccccc, is good") != std::string::npos);
  CHECK(text.find("5 commits along first parents, 5 tested") != std::string::npos);
  auto json = gm::report::bisect_json(r);
  CHECK(json["answer"]["kind"] == "found");
  CHECK(json["answer"]["first_bad"] == std::string(40, 'd'));
  CHECK(json["tested"].size() == 5);
  CHECK(gm::report::bisect_annotation(r).starts_with("::notice title=first bad commit::first bad commit: dddd"));
}

TEST_CASE("bisect output: a first bad commit hidden behind commits that did not install is a range",
          "[report][bisect]") {
  auto r = five_commits();
  r.answer = Answer{Answer::Kind::hidden, 3, 1, true, false};
  auto text = gm::report::bisect_text(r);
  CHECK(text.find("one of 2 commits after bbbbbbbbbbbb (good) up to dddddddddddd (bad): cccccccccccc could not be "
                  "decided (they did not install)") != std::string::npos);
  CHECK(text.find("does not install: error: expected ';'") != std::string::npos);
  auto markdown = gm::report::bisect_markdown(r);
  CHECK(markdown.find("| step 1 | `cccccccccccc` | commit 2 | skipped (does not install) |") != std::string::npos);
  CHECK(gm::report::bisect_json(r)["answer"]["kind"] == "hidden");
  CHECK(gm::report::bisect_annotation(r).starts_with(
      "::warning title=bisect undecided::the first bad commit is one of 2"));
}

TEST_CASE("bisect output: a search that stopped says why, and has no answer", "[report][bisect]") {
  auto r = five_commits();
  r.tested.resize(2);
  r.stop_reason = "both ends give the same result";
  CHECK(gm::report::bisect_text(r).find("both ends give the same result") != std::string::npos);
  auto json = gm::report::bisect_json(r);
  CHECK_FALSE(json.contains("answer"));
  CHECK(json["stop_reason"] == "both ends give the same result");
}
