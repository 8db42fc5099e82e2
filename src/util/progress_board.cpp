#include "util/progress_board.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "util/duration.hpp"

namespace gm {

namespace {
std::string left_text(std::optional<double> seconds) {
  if (!seconds) return "estimating";
  return "about " + format_duration(std::chrono::duration<double>(std::max(*seconds, 0.0))) + " left";
}
}  // namespace

ProgressBoard::ProgressBoard(std::vector<Task> pending, std::size_t already_done, int cores, Terminal& terminal)
    : terminal_(terminal), cores_(std::max(cores, 1)), done_(already_done), total_(already_done + pending.size()) {
  for (auto& task : pending) {
    auto key = task.key;
    tasks_.emplace(std::move(key), std::move(task));
  }
  if (terminal_.interactive()) ticker_ = std::thread([this] { tick(); });
}

ProgressBoard::~ProgressBoard() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
  terminal_.board({});
}

void ProgressBoard::tick() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::seconds(1));
    if (!stopping_) redraw_locked();
  }
}

void ProgressBoard::start(const std::string& key, std::string detail) {
  std::lock_guard lock(mutex_);
  running_[key] = {std::move(detail), Clock::now()};
  redraw_locked();
}

void ProgressBoard::finish(const std::string& key, double seconds, std::string_view line) {
  std::lock_guard lock(mutex_);
  auto task = tasks_.find(key);
  if (task != tasks_.end()) {
    auto& [sum, count] = finished_by_group_[task->second.group];
    sum += seconds;
    ++count;
    finished_all_.first += seconds;
    ++finished_all_.second;
    tasks_.erase(task);
  }
  running_.erase(key);
  ++done_;
  terminal_.line_and_board(fmt::format("[{}/{}] {}", done_, total_, line), render_locked(Clock::now()));
}

void ProgressBoard::finish(const std::string& key, std::string_view line) {
  double seconds = 0;
  {
    std::lock_guard lock(mutex_);
    if (auto run = running_.find(key); run != running_.end())
      seconds = std::chrono::duration<double>(Clock::now() - run->second.since).count();
  }
  finish(key, seconds, line);
}

void ProgressBoard::reopen(Task task) {
  std::lock_guard lock(mutex_);
  if (tasks_.contains(task.key)) return;
  auto key = task.key;
  tasks_.emplace(std::move(key), std::move(task));
  if (done_ > 0) --done_;
  redraw_locked();
}

void ProgressBoard::abandon(const std::string& key) {
  std::lock_guard lock(mutex_);
  running_.erase(key);
  redraw_locked();
}

std::optional<double> ProgressBoard::estimate_locked(const std::string& group) const {
  auto it = finished_by_group_.find(group);
  if (it != finished_by_group_.end() && it->second.second > 0) return it->second.first / it->second.second;
  if (finished_all_.second > 0) return finished_all_.first / finished_all_.second;
  return std::nullopt;
}

std::optional<double> ProgressBoard::seconds_left_locked(Clock::time_point now) const {
  // Core-seconds still to come spread over the cores, but never less than the
  // longest single task still to run (one task cannot use the idle cores).
  double core_seconds = 0, longest = 0;
  for (const auto& [key, task] : tasks_) {
    auto estimate = estimate_locked(task.group);
    if (!estimate) return std::nullopt;
    double left = *estimate;
    if (auto run = running_.find(key); run != running_.end())
      left -= std::chrono::duration<double>(now - run->second.since).count();
    left = std::max(left, 0.0);
    core_seconds += left * task.weight;
    longest = std::max(longest, left);
  }
  return std::max(core_seconds / cores_, longest);
}

std::vector<std::string> ProgressBoard::render_locked(Clock::time_point now) const {
  if (running_.empty()) return {};
  std::vector<std::string> lines{
      fmt::format("[{}/{}] {} running, {}", done_, total_, running_.size(), left_text(seconds_left_locked(now)))};
  for (const auto& [key, run] : running_) {
    double elapsed = std::chrono::duration<double>(now - run.since).count();
    std::string line =
        fmt::format("  {} ({}) {}", key, run.detail, format_duration(std::chrono::duration<double>(elapsed)));
    auto task = tasks_.find(key);
    if (auto estimate = task == tasks_.end() ? std::nullopt : estimate_locked(task->second.group))
      line += *estimate > elapsed ? ", " + left_text(*estimate - elapsed) : ", taking longer than the others";
    lines.push_back(std::move(line));
  }
  return lines;
}

void ProgressBoard::redraw_locked() {
  if (terminal_.interactive()) terminal_.board(render_locked(Clock::now()));
}

std::vector<std::string> ProgressBoard::render(Clock::time_point now) const {
  std::lock_guard lock(mutex_);
  return render_locked(now);
}

std::optional<double> ProgressBoard::estimate(const std::string& group) const {
  std::lock_guard lock(mutex_);
  return estimate_locked(group);
}

std::optional<double> ProgressBoard::seconds_left(Clock::time_point now) const {
  std::lock_guard lock(mutex_);
  return seconds_left_locked(now);
}

}  // namespace gm
