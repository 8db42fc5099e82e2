#pragma once
// Test helper: a ProcessRunner that starts nothing (ninja's FakeCommandRunner
// is the model). Every call is recorded; a script the test gives answers it.
// FakeRunnerPy plays the embedded runner.py on top of it: it writes the JSON
// runner.py would write to the --output file, from per-sample seconds the
// test chooses.
#include <algorithm>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "exec/process.hpp"
#include "util/strings.hpp"

namespace test_exec {

// The value after `name` in argv ("" when absent).
inline std::string argument_of(const std::vector<std::string>& argv, const std::string& name) {
  auto it = std::find(argv.begin(), argv.end(), name);
  return it == argv.end() || it + 1 == argv.end() ? "" : *(it + 1);
}

inline gm::exec::ProcessResult exited(int code = 0, double wall_seconds = 0.1) {
  gm::exec::ProcessResult result;
  result.outcome = gm::exec::ProcessResult::Outcome::exited;
  result.exit_code = code;
  result.wall_seconds = wall_seconds;
  return result;
}

class FakeProcessRunner : public gm::exec::ProcessRunner {
 public:
  using Script = std::function<gm::exec::ProcessResult(const gm::exec::ProcessSpec&)>;
  explicit FakeProcessRunner(Script script) : script_(std::move(script)) {}

  gm::exec::ProcessResult run(const gm::exec::ProcessSpec& spec) override {
    calls.push_back(spec);
    return script_(spec);
  }

  std::vector<gm::exec::ProcessSpec> calls;

 private:
  Script script_;
};

// What one runner.py process does in a test: its samples' seconds by the
// workers that take each (--schedule, else --workers for --repeats), or a
// status other than "ok" with an error.
// `disturbed`: every sample's /proc/stat readings show other processes
// keeping both of cpus 0 and 1 busy.
struct RunnerPlay {
  std::function<double(int workers)> seconds = [](int) { return 0.5; };
  std::string status = "ok";
  std::string error;
  bool disturbed = false;
};

class FakeRunnerPy : public FakeProcessRunner {
 public:
  using Play = std::function<RunnerPlay(const gm::exec::ProcessSpec&)>;
  explicit FakeRunnerPy(Play play)
      : FakeProcessRunner([play](const gm::exec::ProcessSpec& spec) {
          const auto& argv = spec.argv;
          nlohmann::json out{{"protocol", 2},
                             {"iterations", 10},
                             {"gil_enabled_after", false},
                             {"gil_enabled_after_import", false},
                             {"description", "a fake workload"},
                             {"clock_ticks_per_second", 100}};
          if (!argument_of(argv, "--calibrate").empty()) {
            out["status"] = "ok";
            out["unit_seconds"] = 0.05;
          } else {
            const auto what = play(spec);
            out["status"] = what.status;
            if (!what.error.empty()) out["error"] = what.error;
            std::vector<int> schedule;
            for (const auto& w : gm::split(argument_of(argv, "--schedule"), ','))
              if (!w.empty()) schedule.push_back(std::stoi(w));
            if (schedule.empty())
              schedule.assign(std::stoi(argument_of(argv, "--repeats")), std::stoi(argument_of(argv, "--workers")));
            nlohmann::json samples = nlohmann::json::array();
            if (what.status == "ok")
              for (int workers : schedule) {
                const double s = what.seconds(workers);
                auto stat_before = nlohmann::json::array(), stat_after = nlohmann::json::array();
                if (what.disturbed) {
                  // 100 ticks a second: 2 s of busy cores, most of them not the workers'.
                  stat_before = {"cpu0 0 0 0 0 0 0 0 0 0 0", "cpu1 0 0 0 0 0 0 0 0 0 0"};
                  stat_after = {"cpu0 100 0 0 0 0 0 0 0 0 0", "cpu1 100 0 0 0 0 0 0 0 0 0"};
                }
                samples.push_back({{"seconds", s},
                                   {"window", s},
                                   {"workers", workers},
                                   {"work_cpu", s * workers},
                                   {"own_cpu", s * workers},
                                   {"stat_before", stat_before},
                                   {"stat_after", stat_after}});
              }
            out["samples"] = samples;
          }
          std::ofstream(argument_of(argv, "--output")) << out.dump();
          return exited();
        }) {}
};

}  // namespace test_exec
