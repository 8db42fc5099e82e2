#include <catch2/catch.hpp>

#include "util/progress_board.hpp"

using gm::ProgressBoard;
using namespace std::chrono_literals;

TEST_CASE("progress board: no estimate before a task of any group finished", "[util][progress_board]") {
  ProgressBoard board({{"a/x1", "a", 1}, {"a/x2", "a", 2}}, 0, 2);
  CHECK_FALSE(board.estimate("a"));
  CHECK_FALSE(board.seconds_left(ProgressBoard::Clock::now()));
}

TEST_CASE("progress board: estimates from the same group, else from all", "[util][progress_board]") {
  ProgressBoard board({{"a/x1", "a", 1}, {"a/x2", "a", 2}, {"b/x1", "b", 1}, {"c/x1", "c", 1}}, 0, 2);
  board.start("a/x1", "cpu 0");
  board.finish("a/x1", 4.0, "a/x1 ok");
  board.start("b/x1", "cpu 0");
  board.finish("b/x1", 8.0, "b/x1 ok");
  CHECK(board.estimate("a") == Approx(4.0));
  CHECK(board.estimate("c") == Approx(6.0));  // the mean of all finished
  // a/x2 (4 s on 2 cores) + c/x1 (6 s on 1 core) = 14 core-seconds over 2 cores.
  CHECK(*board.seconds_left(ProgressBoard::Clock::now()) == Approx(7.0));
}

TEST_CASE("progress board: one task left takes its own time, whatever the cores", "[util][progress_board]") {
  ProgressBoard board({{"a/x1", "a", 1}, {"a/x2", "a", 1}}, 0, 4);
  board.start("a/x1", "cpu 0");
  board.finish("a/x1", 5.0, "a/x1 ok");
  CHECK(*board.seconds_left(ProgressBoard::Clock::now()) == Approx(5.0));
}

TEST_CASE("progress board: each running task has its own line with the time left", "[util][progress_board]") {
  ProgressBoard board({{"a/x1", "a", 1}, {"a/x2", "a", 2}, {"b/x1", "b", 1}}, 3, 2);
  board.start("a/x1", "cpu 0");
  board.finish("a/x1", 10.0, "a/x1 ok");
  auto now = ProgressBoard::Clock::now();
  board.start("a/x2", "cpu 0,1");
  board.start("b/x1", "cpu 2");
  auto lines = board.render(now + 4s);
  REQUIRE(lines.size() == 3);
  CHECK_THAT(lines[0], Catch::StartsWith("[4/6] 2 running, about "));
  CHECK_THAT(lines[1], Catch::StartsWith("  a/x2 (cpu 0,1) ") && Catch::EndsWith(", about 6.0s left"));
  CHECK_THAT(lines[2], Catch::StartsWith("  b/x1 (cpu 2) "));
  CHECK_THAT(board.render(now + 30s)[1], Catch::EndsWith("taking longer than the others"));
  board.abandon("a/x2");
  board.abandon("b/x1");
  CHECK(board.render(now).empty());
}
