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
  for (int i = 0; i < 5; ++i) {
    r.range.push_back({std::string(40, static_cast<char>('a' + i)), "commit " + std::to_string(i), 1735689600, {}});
    if (i > 0) r.range.back().parents = {r.range[i - 1].id};
  }
  r.tested = {{0, Verdict::good, "pkg._ext: keeps GIL disabled", "", 12},
              {4, Verdict::bad, "pkg._ext: re-enables GIL", "", 11},
              {2, Verdict::skipped, "does not install", "error: expected ';'", 3},
              {1, Verdict::good, "pkg._ext: keeps GIL disabled", "", 10},
              {3, Verdict::bad, "pkg._ext: re-enables GIL", "", 10}};
  return r;
}

// The same commits as a bisect of CPython's history (a build's git source) by its speedup.
Result cpython_commits() {
  Result r = five_commits();
  r.python.clear();
  r.build = "git-3.13";
  r.repo = "/src/cpython";
  r.when = "speedup";
  return r;
}

}  // namespace

TEST_CASE("bisect output: the first bad commit, with the good one before it", "[report][bisect]") {
  auto r = five_commits();
  r.tested[2].verdict = Verdict::good;
  r.tested[2].result = "pkg._ext: keeps GIL disabled";
  r.tested[2].detail.clear();
  r.answer = Answer{Answer::Kind::found, 3, 2, {}, false, false};
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
  r.answer = Answer{Answer::Kind::hidden, 3, 1, {2}, true, false};
  auto text = gm::report::bisect_text(r);
  CHECK(text.find("one of 2 commits after bbbbbbbbbbbb (good) up to dddddddddddd (bad): cccccccccccc could not be "
                  "decided (they did not install)") != std::string::npos);
  CHECK(text.find("does not install: error: expected ';'") != std::string::npos);
  auto markdown = gm::report::bisect_markdown(r);
  CHECK(markdown.find("| step 1 | `cccccccccccc` | commit 2 | skipped | does not install") != std::string::npos);
  CHECK(gm::report::bisect_json(r)["answer"]["kind"] == "hidden");
  CHECK(gm::report::bisect_annotation(r).starts_with(
      "::warning title=bisect undecided::the first bad commit is one of 2"));
}

TEST_CASE("bisect output with --all-parents: a merge as the first bad commit names both its good parents",
          "[report][bisect]") {
  auto r = five_commits();
  r.all_parents = true;
  r.range[3].parents.push_back(std::string(40, 'f'));
  r.tested[2].verdict = Verdict::good;
  r.answer = Answer{Answer::Kind::found, 3, 2, {}, false, false};
  auto text = gm::report::bisect_text(r);
  CHECK(text.find("5 commits along all parents, 5 tested") != std::string::npos);
  CHECK(text.find("it is a merge, and its parents cccccccccccc, ffffffffffff are good") != std::string::npos);
  auto json = gm::report::bisect_json(r);
  CHECK(json["all_parents"] == true);
  CHECK(json["range"][3]["parents"].size() == 2);
  // A bisect.json of one walk is not resumed by the other.
  auto first_parents = r;
  first_parents.all_parents = false;
  CHECK_FALSE(gm::report::restore_tested(json, first_parents));
}

TEST_CASE("bisect output: the hidden commits of a range are listed in the JSON answer", "[report][bisect]") {
  auto r = five_commits();
  r.answer = Answer{Answer::Kind::hidden, 3, 1, {2}, true, false};
  auto json = gm::report::bisect_json(r);
  REQUIRE(json["answer"]["hidden"].size() == 1);
  CHECK(json["answer"]["hidden"][0] == std::string(40, 'c'));
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

TEST_CASE("bisect output of CPython's history: values with intervals, build costs, the skipped build",
          "[report][bisect]") {
  Result r = cpython_commits();
  r.cell = "git-3.13/zlib-compress/threads/default/x2";
  r.reproduce = "gilmatrix bisect m.toml --build git-3.13 --good bbbbbbbbbbbb --bad dddddddddddd";
  for (auto& t : r.tested) {
    t.result = t.verdict == Verdict::good ? "1.93x [1.85, 1.99]" : "1.01x [0.98, 1.04]";
    t.interval = t.verdict == Verdict::good ? gm::results::Interval{1.85, 1.99} : gm::results::Interval{0.98, 1.04};
    t.value = t.verdict == Verdict::good ? 1.93 : 1.01;
    t.measurements = 1;
    t.build_seconds = 95;
    t.seconds = 140;
  }
  r.tested[2] = {2, Verdict::skipped, "does not build", "make failed", 60};
  r.tested[2].build_seconds = 60;
  r.tested[3].measurements = 2;
  r.answer = Answer{Answer::Kind::found, 3, 1, {}, true, false};
  auto text = gm::report::bisect_text(r);
  CHECK(text.find("bisect of /src/cpython (build git-3.13), by the speedup of "
                  "git-3.13/zlib-compress/threads/default/x2: 5 commits") != std::string::npos);
  CHECK(text.find("skipped  does not build: make failed  (the build failed after 60s)") != std::string::npos);
  CHECK(text.find("1.93x [1.85, 1.99]           (built in 95s, 2 measurements in 45s)  \"commit 1\"") !=
        std::string::npos);
  CHECK(text.find("reproduce: gilmatrix bisect m.toml") != std::string::npos);
  auto json = gm::report::bisect_json(r);
  CHECK(json["build"] == "git-3.13");
  CHECK_FALSE(json.contains("python"));
  CHECK(json["tested"][0]["interval"]["low"] == 1.85);
  CHECK(json["tested"][3]["measurements"] == 2);
  CHECK_FALSE(json["tested"][2].contains("interval"));
  auto markdown = gm::report::bisect_markdown(r);
  CHECK(markdown.find("Reproduce the deciding measurement: `gilmatrix bisect m.toml") != std::string::npos);
  // The value along the history: the good and the bad commits, each with its interval; no point for the skipped one.
  auto svg = gm::report::bisect_chart_svg(r);
  CHECK(svg.find("<svg") != std::string::npos);
  CHECK(svg.find("speedup of git-3.13/zlib-compress/threads/default/x2 along git-3.13") != std::string::npos);
  CHECK(svg.find(">good<") != std::string::npos);
  CHECK(svg.find(">bad<") != std::string::npos);
  CHECK(svg.find("ccccccc") == std::string::npos);
  CHECK(gm::report::bisect_chart_svg(five_commits()).empty());  // verdicts have no value to draw
}

TEST_CASE("a range hidden by commits that did not build says so", "[report][bisect]") {
  Result r = five_commits();
  r.build = "git-3.13";
  r.tested[2].result = "does not build";
  r.answer = Answer{Answer::Kind::hidden, 3, 1, {2}, true, false};
  CHECK(gm::report::bisect_text(r).find("could not be decided (they did not build)") != std::string::npos);
}

TEST_CASE("bisect --resume reads back the commits a bisect.json holds, and refuses another bisect's",
          "[report][bisect]") {
  Result r = cpython_commits();
  r.tested[3].value = 1.93;
  r.tested[3].interval = gm::results::Interval{1.85, 1.99};
  r.tested[3].build_seconds = 61;
  r.tested[3].measurements = 2;
  auto saved = gm::report::bisect_json(r);
  Result again = r;
  again.tested.clear();
  REQUIRE(gm::report::restore_tested(saved, again));
  REQUIRE(again.tested.size() == r.tested.size());
  for (std::size_t i = 0; i < r.tested.size(); ++i) {
    CHECK(again.tested[i].index == r.tested[i].index);
    CHECK(again.tested[i].verdict == r.tested[i].verdict);
    CHECK(again.tested[i].result == r.tested[i].result);
  }
  CHECK(again.tested[3].interval == r.tested[3].interval);
  CHECK(again.tested[3].measurements == 2);
  CHECK(again.tested[3].build_seconds == 61);

  Result other = r;
  other.when = "time";
  CHECK_FALSE(gm::report::restore_tested(saved, other));
  Result shorter = r;
  shorter.range.pop_back();
  CHECK_FALSE(gm::report::restore_tested(saved, shorter));
  auto broken = saved;
  broken["tested"][2]["verdict"] = "maybe";
  CHECK_FALSE(gm::report::restore_tested(broken, again));
  auto negative = saved;
  negative["tested"][3]["measurements"] = -1;
  auto refused = gm::report::restore_tested(negative, again);
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error(), Catch::Contains("`measurements`: is out of range"));
}

TEST_CASE("bisect --resume reads a journal that writes every member, as earlier versions did", "[report][bisect]") {
  Result r = cpython_commits();
  auto saved = gm::report::bisect_json(r);
  for (auto& t : saved["tested"]) {
    CHECK_FALSE(t.contains("interval"));  // left out while empty
    t["build_seconds"] = 0.0;
    t["measurements"] = 0;
    t["run_dir"] = "";
  }
  Result again = r;
  again.tested.clear();
  REQUIRE(gm::report::restore_tested(saved, again));
  CHECK(again.tested.size() == r.tested.size());
}

TEST_CASE("bisect output along first parents: a merge as the first bad commit points to --all-parents",
          "[report][bisect]") {
  auto r = five_commits();
  r.range[3].parents.push_back(std::string(40, 'f'));
  r.tested[2].verdict = Verdict::good;
  r.answer = Answer{Answer::Kind::found, 3, 2, {}, false, false};
  auto text = gm::report::bisect_text(r);
  CHECK(text.find("the commit before it, cccccccccccc, is good; it is a merge: --all-parents bisects the branch") !=
        std::string::npos);
  CHECK(text.find("ffffffffffff") == std::string::npos);
}
