#include <catch2/catch.hpp>

#include "bisect/result.hpp"

using gm::bisect::kDoesNotInstall;
using gm::bisect::Verdict;
using gm::bisect::verdict_by_result;

TEST_CASE("bisect: a commit is judged by its result against the two ends'", "[bisect]") {
  const std::string good = "pkg._ext: keeps GIL disabled", bad = "pkg._ext: re-enables GIL";
  CHECK(verdict_by_result(good, good, bad) == Verdict::good);
  CHECK(verdict_by_result(bad, good, bad) == Verdict::bad);
  // Neither end's result is still a change from the good end.
  CHECK(verdict_by_result("pkg._ext: crashed", good, bad) == Verdict::bad);
  // Not installing says nothing of a verdict...
  CHECK(verdict_by_result(kDoesNotInstall, good, bad) == Verdict::skipped);
  // ...unless not installing is what is bisected.
  CHECK(verdict_by_result(kDoesNotInstall, good, kDoesNotInstall) == Verdict::bad);
}
