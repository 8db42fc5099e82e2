#include <catch2/catch.hpp>

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
