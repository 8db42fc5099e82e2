#include "schedule/core_scheduler.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

namespace gm::schedule {

CoreScheduler::CoreScheduler(std::vector<int> cpus) : cpus_(std::move(cpus)) {
  if (cpus_.empty()) cpus_.push_back(0);
}

void CoreScheduler::run(std::vector<Job> jobs, const std::function<bool()>& should_stop) {
  const int total = static_cast<int>(cpus_.size());
  for (auto& job : jobs) job.cores = std::clamp(job.cores, 1, total);
  std::stable_sort(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) { return a.cores > b.cores; });

  std::mutex mutex;
  std::condition_variable finished;
  std::vector<bool> busy(cpus_.size(), false);
  int free_cores = total;
  int running = 0;
  std::exception_ptr first_error;
  std::vector<std::thread> threads;
  std::vector<bool> started(jobs.size(), false);
  std::size_t remaining = jobs.size();

  std::unique_lock lock(mutex);
  while (remaining > 0 && !first_error && !should_stop()) {
    // The first (largest) job that fits in the free cores.
    std::size_t pick = jobs.size();
    for (std::size_t i = 0; i < jobs.size(); ++i)
      if (!started[i] && jobs[i].cores <= free_cores) {
        pick = i;
        break;
      }
    if (pick == jobs.size()) {
      finished.wait(lock);
      continue;
    }
    std::vector<std::size_t> slots;
    std::vector<int> reserved;
    for (std::size_t s = 0; s < busy.size() && static_cast<int>(slots.size()) < jobs[pick].cores; ++s)
      if (!busy[s]) slots.push_back(s);
    for (auto s : slots) {
      busy[s] = true;
      reserved.push_back(cpus_[s]);
    }
    free_cores -= jobs[pick].cores;
    started[pick] = true;
    --remaining;
    ++running;
    threads.emplace_back([&, pick, slots, reserved] {
      std::exception_ptr error;
      try {
        jobs[pick].run(reserved);
      } catch (...) {
        error = std::current_exception();
      }
      std::lock_guard guard(mutex);
      for (auto s : slots) busy[s] = false;
      free_cores += static_cast<int>(slots.size());
      --running;
      if (error && !first_error) first_error = error;
      finished.notify_all();
    });
  }
  finished.wait(lock, [&] { return running == 0; });
  lock.unlock();
  for (auto& thread : threads) thread.join();
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace gm::schedule
