#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "sources/git_source.hpp"
#include "util/paths.hpp"

namespace {

// A repository made with the git command line: main has commits c1 c2 c3,
// a branch with one commit is merged into it (c4, a merge), then c5.
struct HistoryRepo {
  gm::TempDir dir{"gm-git-history"};
  void git(const std::string& args) const {
    const std::string command = "cd '" + dir.path().string() +
                                "/repo' && GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t "
                                "GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t git -c commit.gpgsign=false " +
                                args + " > /dev/null 2>&1";
    REQUIRE(std::system(command.c_str()) == 0);
  }
  HistoryRepo() {
    std::filesystem::create_directories(dir.path() / "repo");
    git("init -q -b main");
    for (int i = 1; i <= 3; ++i) git("commit -q --allow-empty -m c" + std::to_string(i));
    git("checkout -q -b side");
    git("commit -q --allow-empty -m side-work");
    git("checkout -q main");
    git("merge -q --no-ff side -m c4-merge");
    git("commit -q --allow-empty -m c5");
  }
};

}  // namespace

TEST_CASE("git history: the first-parent range from good to bad, oldest first, with subjects", "[sources][git]") {
  HistoryRepo repo;
  gm::sources::GitMirror mirror(repo.dir.path() / "git-cache", (repo.dir.path() / "repo").string());
  auto bad = mirror.resolve("main");
  REQUIRE(bad);
  auto good = mirror.resolve("main~4");
  REQUIRE(good);
  auto range = mirror.first_parent_range(*good, *bad);
  REQUIRE(range);
  REQUIRE(range->size() == 5);
  CHECK(range->front().id == *good);
  CHECK(range->front().subject == "c1");
  CHECK(range->at(3).subject == "c4-merge");  // the side branch is one step
  CHECK(range->back().id == *bad);
  CHECK(range->back().subject == "c5");
  CHECK(range->back().author_time > 0);
}

TEST_CASE("git history: a good end that bad does not descend from is refused with what to do", "[sources][git]") {
  HistoryRepo repo;
  gm::sources::GitMirror mirror(repo.dir.path() / "git-cache", (repo.dir.path() / "repo").string());
  auto side = mirror.resolve("side");
  auto old = mirror.resolve("main~4");
  REQUIRE(side);
  REQUIRE(old);
  auto range = mirror.first_parent_range(*side, *old);
  REQUIRE_FALSE(range);
  CHECK(range.error().find("not an ancestor") != std::string::npos);
}

TEST_CASE("git history: all parents from good to bad take in the merged branch, parents before children",
          "[sources][git]") {
  HistoryRepo repo;
  gm::sources::GitMirror mirror(repo.dir.path() / "git-cache", (repo.dir.path() / "repo").string());
  auto bad = mirror.resolve("main");
  auto good = mirror.resolve("main~4");
  auto side = mirror.resolve("side");
  REQUIRE(bad);
  REQUIRE(good);
  REQUIRE(side);
  auto range = mirror.ancestry_range(*good, *bad);
  REQUIRE(range);
  REQUIRE(range->size() == 6);  // c1 c2 c3 side-work c4-merge c5
  CHECK(range->front().id == *good);
  CHECK(range->back().id == *bad);
  std::vector<std::string> order;
  for (const auto& c : *range) order.push_back(c.id);
  auto at = [&](const std::string& id) { return std::find(order.begin(), order.end(), id) - order.begin(); };
  for (const auto& c : *range)
    for (const auto& parent : c.parents)
      if (at(parent) < static_cast<long>(order.size())) CHECK(at(parent) < at(c.id));
  CHECK(at(*side) < static_cast<long>(order.size()));
  const auto& merge = range->at(4);
  CHECK(merge.subject == "c4-merge");
  CHECK(merge.parents.size() == 2);
  auto refused = mirror.ancestry_range(*side, *good);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().find("not an ancestor") != std::string::npos);
}
