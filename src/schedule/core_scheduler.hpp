#pragma once
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace gm::schedule {

struct Job {
  std::string label;
  int cores = 1;                                     // reserved for this job alone
  std::function<void(const std::vector<int>&)> run;  // called with the reserved CPU ids
  // Not started before this time (a disturbed measurement waits for the
  // machine to quieten); other jobs go first meanwhile.
  std::chrono::steady_clock::time_point not_before{};
};

// Runs jobs in parallel on a fixed set of CPUs so that no two jobs share a
// core: a job needing N cores waits until N are free and gets exactly those.
// Larger jobs start first and smaller ones fill the gaps. A job asking for
// more cores than exist gets all of them.
class CoreScheduler {
 public:
  explicit CoreScheduler(std::vector<int> cpus);

  // Returns when every job, including those submitted while it runs, has
  // finished. Once `should_stop` returns true no new job starts. The first
  // exception a job throws is rethrown here after the running jobs finish; no
  // new job starts after it.
  void run(std::vector<Job> jobs, const std::function<bool()>& should_stop);

  // Adds a job while run() is in progress (from inside a job), so follow-up
  // work starts as soon as what it depends on is done instead of after a
  // whole phase.
  void submit(Job job);

 private:
  std::vector<int> cpus_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Job> pending_;
};

}  // namespace gm::schedule
