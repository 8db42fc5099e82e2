#include "schedule/core_scheduler.hpp"

#include <algorithm>
#include <exception>
#include <thread>

namespace gm::schedule {

CoreScheduler::CoreScheduler(std::vector<int> cpus) : cpus_(std::move(cpus)) {
  if (cpus_.empty()) cpus_.push_back(0);
}

void CoreScheduler::submit(Job job) {
  std::lock_guard lock(mutex_);
  pending_.push_back(std::move(job));
  changed_.notify_all();
}

void CoreScheduler::run(std::vector<Job> jobs, const std::function<bool()>& should_stop) {
  const int total = static_cast<int>(cpus_.size());
  std::stable_sort(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) { return a.cores > b.cores; });
  std::vector<bool> busy(cpus_.size(), false);
  int free_cores = total;
  int running = 0;
  std::exception_ptr first_error;
  std::vector<std::thread> threads;

  std::unique_lock lock(mutex_);
  pending_.insert(pending_.end(), std::make_move_iterator(jobs.begin()), std::make_move_iterator(jobs.end()));
  while ((!pending_.empty() || running > 0) && !first_error && !should_stop()) {
    // The first (largest) pending job that may start now and fits in the free cores.
    const auto now = std::chrono::steady_clock::now();
    auto pick = std::find_if(pending_.begin(), pending_.end(), [&](const Job& job) {
      return job.not_before <= now && std::clamp(job.cores, 1, total) <= free_cores;
    });
    if (pick == pending_.end()) {
      auto waiting = std::min_element(pending_.begin(), pending_.end(),
                                      [](const Job& a, const Job& b) { return a.not_before < b.not_before; });
      // Wake for the earliest deferred job, and now and then to notice should_stop.
      auto wake = now + std::chrono::milliseconds(200);
      if (waiting != pending_.end() && waiting->not_before > now) wake = std::min(wake, waiting->not_before);
      changed_.wait_until(lock, wake);
      continue;
    }
    Job job = std::move(*pick);
    pending_.erase(pick);
    job.cores = std::clamp(job.cores, 1, total);
    std::vector<std::size_t> slots;
    std::vector<int> reserved;
    for (std::size_t s = 0; s < busy.size() && static_cast<int>(slots.size()) < job.cores; ++s)
      if (!busy[s]) {
        busy[s] = true;
        slots.push_back(s);
        reserved.push_back(cpus_[s]);
      }
    free_cores -= job.cores;
    ++running;
    threads.emplace_back([&, job = std::move(job), slots, reserved] {
      std::exception_ptr error;
      try {
        job.run(reserved);
      } catch (...) {
        error = std::current_exception();
      }
      std::lock_guard guard(mutex_);
      for (auto s : slots) busy[s] = false;
      free_cores += static_cast<int>(slots.size());
      --running;
      if (error && !first_error) first_error = error;
      changed_.notify_all();
    });
  }
  changed_.wait(lock, [&] { return running == 0; });
  pending_.clear();
  lock.unlock();
  for (auto& thread : threads) thread.join();
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace gm::schedule
