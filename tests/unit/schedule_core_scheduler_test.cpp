#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "schedule/core_scheduler.hpp"

using namespace std::chrono_literals;
using gm::schedule::CoreScheduler;
using gm::schedule::Job;
using Clock = std::chrono::steady_clock;

namespace {

struct Run {
  std::string label;
  int cores_asked = 0;
  std::vector<int> cpus;
  Clock::time_point start;
  Clock::time_point end;
};

// Fake jobs that record which cpus they got and when they ran.
class Recorder {
 public:
  Job job(std::string label, int cores, std::chrono::milliseconds duration = 20ms) {
    return {label, cores, [this, label, cores, duration](const std::vector<int>& cpus) {
              Run run{label, cores, cpus, Clock::now(), {}};
              std::this_thread::sleep_for(duration);
              run.end = Clock::now();
              std::lock_guard lock(mutex_);
              runs_.push_back(run);
            }};
  }

  std::vector<Run> runs() const {
    std::lock_guard lock(mutex_);
    return runs_;
  }

  const Run* find(const std::string& label) const {
    std::lock_guard lock(mutex_);
    for (const auto& run : runs_)
      if (run.label == label) return &run;
    return nullptr;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<Run> runs_;
};

bool overlap(const Run& a, const Run& b) { return a.start < b.end && b.start < a.end; }

bool share_a_cpu(const Run& a, const Run& b) {
  for (int cpu : a.cpus)
    if (std::find(b.cpus.begin(), b.cpus.end(), cpu) != b.cpus.end()) return true;
  return false;
}

const auto kNeverStop = [] { return false; };

}  // namespace

TEST_CASE("scheduler: jobs running at the same time never share a cpu", "[schedule][core_scheduler]") {
  Recorder recorder;
  std::vector<Job> jobs;
  int id = 0;
  for (int round = 0; round < 3; ++round)
    for (int cores : {1, 2, 3, 4, 1, 2}) jobs.push_back(recorder.job("job" + std::to_string(id++), cores));
  CoreScheduler({0, 1, 2, 3}).run(jobs, kNeverStop);

  auto runs = recorder.runs();
  REQUIRE(runs.size() == jobs.size());
  for (std::size_t i = 0; i < runs.size(); ++i)
    for (std::size_t j = i + 1; j < runs.size(); ++j)
      if (overlap(runs[i], runs[j])) {
        INFO(runs[i].label << " and " << runs[j].label << " ran at the same time");
        CHECK_FALSE(share_a_cpu(runs[i], runs[j]));
      }
}

TEST_CASE("scheduler: every job gets exactly the cores it asked for, from the given set",
          "[schedule][core_scheduler]") {
  Recorder recorder;
  std::vector<Job> jobs;
  for (int cores : {1, 2, 3, 4, 2, 1})
    jobs.push_back(recorder.job("c" + std::to_string(cores) + "-" + std::to_string(jobs.size()), cores));
  CoreScheduler({10, 11, 12, 13}).run(jobs, kNeverStop);

  auto runs = recorder.runs();
  REQUIRE(runs.size() == 6);
  std::set<std::string> labels;
  for (const auto& run : runs) {
    INFO(run.label);
    labels.insert(run.label);
    CHECK(static_cast<int>(run.cpus.size()) == run.cores_asked);
    std::set<int> distinct(run.cpus.begin(), run.cpus.end());
    CHECK(distinct.size() == run.cpus.size());
    for (int cpu : run.cpus) CHECK((cpu >= 10 && cpu <= 13));
  }
  CHECK(labels.size() == 6);  // each job ran exactly once
}

TEST_CASE("scheduler: a job asking for more cores than exist gets all of them", "[schedule][core_scheduler]") {
  Recorder recorder;
  CoreScheduler({0, 1, 2, 3}).run({recorder.job("huge", 64, 1ms)}, kNeverStop);
  REQUIRE(recorder.find("huge") != nullptr);
  auto cpus = recorder.find("huge")->cpus;
  std::sort(cpus.begin(), cpus.end());
  CHECK(cpus == std::vector<int>{0, 1, 2, 3});
}

TEST_CASE("scheduler: a job asking for no cores still gets one", "[schedule][core_scheduler]") {
  Recorder recorder;
  CoreScheduler({0, 1}).run({recorder.job("zero", 0, 1ms)}, kNeverStop);
  REQUIRE(recorder.find("zero") != nullptr);
  CHECK(recorder.find("zero")->cpus.size() == 1);
}

TEST_CASE("scheduler: the largest job starts first", "[schedule][core_scheduler]") {
  Recorder recorder;
  // The 2-core job takes both cpus, so the 1-core jobs can only follow it.
  CoreScheduler({0, 1}).run({recorder.job("small-a", 1), recorder.job("big", 2), recorder.job("small-b", 1)},
                            kNeverStop);
  auto runs = recorder.runs();
  REQUIRE(runs.size() == 3);
  const Run* big = recorder.find("big");
  REQUIRE(big != nullptr);
  for (const auto& run : runs)
    if (run.label != "big") CHECK(big->end <= run.start);
}

TEST_CASE("scheduler: no job starts once should_stop is true", "[schedule][core_scheduler]") {
  Recorder recorder;
  std::vector<Job> jobs;
  for (int i = 0; i < 5; ++i) jobs.push_back(recorder.job("j" + std::to_string(i), 1, 1ms));
  // One cpu: jobs run one after another; stop once two have finished.
  CoreScheduler({0}).run(jobs, [&] { return recorder.runs().size() >= 2; });
  CHECK(recorder.runs().size() == 2);
}

TEST_CASE("scheduler: should_stop true from the start runs nothing", "[schedule][core_scheduler]") {
  Recorder recorder;
  CoreScheduler({0, 1}).run({recorder.job("a", 1), recorder.job("b", 1)}, [] { return true; });
  CHECK(recorder.runs().empty());
}

TEST_CASE("scheduler: a job's exception is rethrown and no job starts after it", "[schedule][core_scheduler]") {
  Recorder recorder;
  std::vector<Job> jobs{recorder.job("first", 1, 1ms),
                        {"boom", 1, [](const std::vector<int>&) { throw std::runtime_error("boom"); }},
                        recorder.job("after-1", 1, 1ms),
                        recorder.job("after-2", 1, 1ms)};
  // One cpu: the jobs run strictly in order.
  CHECK_THROWS_WITH(CoreScheduler({0}).run(jobs, kNeverStop), "boom");
  auto runs = recorder.runs();
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].label == "first");
}

TEST_CASE("scheduler: a failing job that holds every core keeps the rest from starting", "[schedule][core_scheduler]") {
  Recorder recorder;
  std::vector<Job> jobs{recorder.job("small-1", 1, 1ms),
                        recorder.job("small-2", 1, 1ms),
                        {"boom", 4, [](const std::vector<int>&) { throw std::runtime_error("boom"); }}};
  CHECK_THROWS_WITH(CoreScheduler({0, 1, 2, 3}).run(jobs, kNeverStop), "boom");
  CHECK(recorder.runs().empty());
}

TEST_CASE("scheduler: running jobs finish before the exception is rethrown", "[schedule][core_scheduler]") {
  std::atomic<bool> thrown{false};
  std::atomic<bool> slow_finished{false};
  std::vector<Job> jobs{{"slow", 1,
                         [&](const std::vector<int>&) {
                           // Still running when the other job fails.
                           auto deadline = Clock::now() + 10s;
                           while (!thrown && Clock::now() < deadline) std::this_thread::sleep_for(1ms);
                           std::this_thread::sleep_for(50ms);
                           slow_finished = true;
                         }},
                        {"boom", 1, [&](const std::vector<int>&) {
                           thrown = true;
                           throw std::runtime_error("boom");
                         }}};
  CHECK_THROWS_WITH(CoreScheduler({0, 1}).run(jobs, kNeverStop), "boom");
  CHECK(slow_finished);
}

TEST_CASE("scheduler: an empty cpu list falls back to cpu 0", "[schedule][core_scheduler]") {
  Recorder recorder;
  CoreScheduler({}).run({recorder.job("only", 2, 1ms)}, kNeverStop);
  REQUIRE(recorder.find("only") != nullptr);
  CHECK(recorder.find("only")->cpus == std::vector<int>{0});
}

TEST_CASE("scheduler: jobs submitted by running jobs run before run() returns") {
  gm::schedule::CoreScheduler scheduler({0, 1});
  std::atomic<int> follow_ups{0};
  std::vector<gm::schedule::Job> jobs;
  for (int i = 0; i < 3; ++i)
    jobs.push_back({"parent", 1, [&](const std::vector<int>&) {
                      for (int j = 0; j < 4; ++j)
                        scheduler.submit({"child", 1, [&](const std::vector<int>& cpus) {
                                            REQUIRE(cpus.size() == 1);
                                            ++follow_ups;
                                          }});
                    }});
  scheduler.run(std::move(jobs), [] { return false; });
  REQUIRE(follow_ups == 12);
}
