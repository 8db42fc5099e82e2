#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <vector>

#include "bisect/search.hpp"

using gm::bisect::Answer;
using gm::bisect::Search;
using gm::bisect::Verdict;

namespace {

// Runs a search to its end with `truth` deciding each tested commit; returns the commits tested, in order.
std::vector<std::size_t> run_search(Search& search, const std::function<Verdict(std::size_t)>& truth) {
  std::vector<std::size_t> tested;
  while (auto commit = search.next()) {
    tested.push_back(*commit);
    search.record(*commit, truth(*commit));
  }
  return tested;
}

}  // namespace

TEST_CASE("bisect: every first bad commit of a 17-commit range is found in at most 4 steps", "[bisect]") {
  for (std::size_t culprit = 1; culprit <= 16; ++culprit) {
    Search search(17);
    auto tested = run_search(search, [&](std::size_t c) { return c >= culprit ? Verdict::bad : Verdict::good; });
    auto answer = search.answer();
    CHECK(answer.kind == Answer::Kind::found);
    CHECK(answer.first_bad == culprit);
    CHECK(answer.last_good == culprit - 1);
    CHECK(tested.size() <= 4);
  }
}

TEST_CASE("bisect: the first commit tested is the middle one, the lower of two as near", "[bisect]") {
  CHECK(Search(9).next() == 4);
  CHECK(Search(10).next() == 4);
  CHECK(Search(3).next() == 1);
  CHECK_FALSE(Search(2).next());
  CHECK(Search(2).answer().first_bad == 1);
}

TEST_CASE("bisect: a commit that does not build is skipped, and the next one tried is the nearest to the middle",
          "[bisect]") {
  Search search(9);
  REQUIRE(search.next() == 4);
  search.record(4, Verdict::skipped);
  CHECK(search.next() == 3);
  search.record(3, Verdict::skipped);
  CHECK(search.next() == 5);
}

TEST_CASE("bisect: when skipped commits sit right before the first bad one, the answer names the range they hide",
          "[bisect]") {
  Search search(9);
  // Commit 5 is the culprit; 4 does not build.
  auto tested = run_search(search, [](std::size_t c) {
    if (c == 4) return Verdict::skipped;
    return c >= 5 ? Verdict::bad : Verdict::good;
  });
  auto answer = search.answer();
  CHECK(answer.kind == Answer::Kind::hidden);
  CHECK(answer.last_good == 3);
  CHECK(answer.first_bad == 5);
  CHECK(answer.any_skipped);
  CHECK_FALSE(answer.any_undecided);
}

TEST_CASE("bisect: a skipped commit away from the culprit does not stop the search", "[bisect]") {
  Search search(17);
  run_search(search, [](std::size_t c) {
    if (c == 8) return Verdict::skipped;
    return c >= 13 ? Verdict::bad : Verdict::good;
  });
  CHECK(search.answer().kind == Answer::Kind::found);
  CHECK(search.answer().first_bad == 13);
}

TEST_CASE("bisect: an undecided commit is never guessed: the answer is the range it leaves open", "[bisect]") {
  Search search(5);
  run_search(search,
             [](std::size_t c) { return c == 2 ? Verdict::undecided : (c >= 2 ? Verdict::bad : Verdict::good); });
  auto answer = search.answer();
  CHECK(answer.kind == Answer::Kind::hidden);
  CHECK(answer.last_good == 1);
  CHECK(answer.first_bad == 3);
  CHECK(answer.any_undecided);
  CHECK_FALSE(answer.any_skipped);
}

TEST_CASE("bisect: a verdict outside the open range is refused", "[bisect]") {
  Search search(9);
  search.record(4, Verdict::bad);
  CHECK_THROWS(search.record(6, Verdict::good));
  CHECK_THROWS(search.record(0, Verdict::bad));
  CHECK_THROWS(search.record(2, Verdict::untested));
  CHECK_THROWS(Search(1));
}

// --all-parents: a graph with a merged branch. 0 is the good end; the main
// line is 0 1 2 5 6, and a branch 3 4 forked from 1 is merged at 5 (parents 2
// and 4); 6 is the bad end.
//
//   0 - 1 - 2 ------- 5 - 6
//        \           /
//         3 ------- 4
namespace {
gm::bisect::Parents merged_branch() { return {{}, {0}, {1}, {1}, {3}, {2, 4}, {5}}; }
}  // namespace

TEST_CASE("bisect over all parents: every first bad commit of a merged branch is found", "[bisect]") {
  // Which commits descend from each possible culprit (itself included).
  const std::vector<std::vector<std::size_t>> descendants = {
      {}, {1, 2, 3, 4, 5, 6}, {2, 5, 6}, {3, 4, 5, 6}, {4, 5, 6}, {5, 6}, {6}};
  for (std::size_t culprit = 1; culprit <= 6; ++culprit) {
    Search search(merged_branch());
    const auto& bad = descendants[culprit];
    auto tested = run_search(search, [&](std::size_t c) {
      return std::find(bad.begin(), bad.end(), c) != bad.end() ? Verdict::bad : Verdict::good;
    });
    auto answer = search.answer();
    INFO("culprit " << culprit);
    CHECK(answer.kind == Answer::Kind::found);
    CHECK(answer.first_bad == culprit);
    CHECK(search.verdict_of(answer.last_good) != Verdict::bad);
    CHECK(tested.size() <= 3);
  }
}

TEST_CASE("bisect over all parents: a good commit on the branch makes its ancestors good, not the main line",
          "[bisect]") {
  Search search(merged_branch());
  CHECK(search.left() == 5);
  search.record(4, Verdict::good);  // 1, 3 and 4 are good now; 2 and 5 may still be the first bad
  CHECK(search.left() == 2);
  CHECK_FALSE(search.open(3));
  CHECK(search.open(2));
  CHECK_THROWS(search.record(3, Verdict::bad));
  search.record(2, Verdict::good);
  CHECK(search.next() == 5);
  search.record(5, Verdict::good);
  CHECK_FALSE(search.next());
  CHECK(search.answer().kind == Answer::Kind::found);
  CHECK(search.answer().first_bad == 6);
  CHECK(search.answer().last_good == 5);
}

TEST_CASE("bisect over all parents: a skipped merge leaves the answer as the commits it hides", "[bisect]") {
  Search search(merged_branch());
  run_search(search, [](std::size_t c) {
    if (c == 5) return Verdict::skipped;
    return c == 6 ? Verdict::bad : Verdict::good;
  });
  auto answer = search.answer();
  CHECK(answer.kind == Answer::Kind::hidden);
  CHECK(answer.first_bad == 6);
  CHECK(answer.hidden == std::vector<std::size_t>{5});
  CHECK(answer.last_good == 4);
  CHECK(answer.any_skipped);
}

TEST_CASE("bisect: a parent after its child, or a bad end that is not the good end's descendant, is refused",
          "[bisect]") {
  CHECK_THROWS(Search(gm::bisect::Parents{{}, {2}, {1}}));
  CHECK_THROWS(Search(gm::bisect::Parents{{}, {}, {1}}));
}

TEST_CASE("bisect: a first-parent line of a million commits needs no ancestry sets", "[bisect]") {
  // As a graph this would be 10^12 bits; a line holds only its verdicts.
  Search search(1'000'000);
  auto tested = run_search(search, [](std::size_t c) { return c >= 777'777 ? Verdict::bad : Verdict::good; });
  CHECK(search.answer().kind == Answer::Kind::found);
  CHECK(search.answer().first_bad == 777'777);
  CHECK(search.answer().last_good == 777'776);
  CHECK(tested.size() <= 20);
}
