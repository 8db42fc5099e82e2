#pragma once
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "util/terminal.hpp"

namespace gm {

// The progress of tasks that run side by side (the cells of a run). On a
// terminal: a header with the estimated time left and one line per running
// task with its own estimate, redrawn every second. In logs: one line per
// finished task. Estimates come from the tasks already finished: the mean time
// of those in the same group, else of all.
class ProgressBoard {
 public:
  struct Task {
    std::string key;
    std::string group;  // tasks expected to take about as long as each other
    int weight = 1;     // cores it holds
  };
  using Clock = std::chrono::steady_clock;

  ProgressBoard(std::vector<Task> pending, std::size_t already_done, int cores,
                Terminal& terminal = Terminal::instance());
  ~ProgressBoard();
  ProgressBoard(const ProgressBoard&) = delete;
  ProgressBoard& operator=(const ProgressBoard&) = delete;

  void start(const std::string& key, std::string detail);
  // Prints "[done/total] LINE" and keeps how long the task ran since start() (or
  // `seconds`) for the estimates.
  void finish(const std::string& key, std::string_view line);
  void finish(const std::string& key, double seconds, std::string_view line);
  // A task that stopped without a result (interrupted, or set aside to run again later).
  void abandon(const std::string& key);
  // A finished task that has to run again (e.g. a baseline measured again): no longer done.
  void reopen(Task task);

  // The board as it would be drawn at `now` (for tests and the ticker).
  std::vector<std::string> render(Clock::time_point now) const;
  std::optional<double> estimate(const std::string& group) const;
  std::optional<double> seconds_left(Clock::time_point now) const;

 private:
  struct Running {
    std::string detail;
    Clock::time_point since;
  };
  std::optional<double> estimate_locked(const std::string& group) const;
  std::optional<double> seconds_left_locked(Clock::time_point now) const;
  std::vector<std::string> render_locked(Clock::time_point now) const;
  void redraw_locked();
  void tick();

  Terminal& terminal_;
  int cores_;
  std::size_t done_;
  std::size_t total_;
  std::map<std::string, Task> tasks_;                                // every task not yet finished
  std::map<std::string, Running> running_;                           // started, not finished
  std::map<std::string, std::pair<double, int>> finished_by_group_;  // seconds, count
  std::pair<double, int> finished_all_{0, 0};

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread ticker_;
};

}  // namespace gm
