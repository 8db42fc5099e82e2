#include "cli/stress_options.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "results/thread_safety.hpp"
#include "util/duration.hpp"
#include "util/error.hpp"

namespace gm::cli {
namespace fs = std::filesystem;

namespace {
long long stress_timeout_seconds(std::chrono::milliseconds d) {
  return std::chrono::duration_cast<std::chrono::seconds>(d).count();
}
}  // namespace

void StressOptions::add_to(CLI::App* command) {
  const config::StressSettings defaults;
  command->add_option("--stress", stress_file,
                      "A Python file whose test_* functions are each run by --threads threads at once, "
                      "--iterations times, in --stress-runs fresh processes per GIL setting (a sanitised build "
                      "such as 3.14t-tsan stresses concurrent imports without one)");
  command
      ->add_option("--threads", values.threads,
                   fmt::format("Threads released together on each stress function (default {})", defaults.threads))
      ->check(CLI::Range(config::kStressThreads.low, config::kStressThreads.high));
  command
      ->add_option("--iterations", values.iterations,
                   fmt::format("Calls of each stress function per thread (default {})", defaults.iterations))
      ->check(CLI::Range(config::kStressIterations.low, config::kStressIterations.high));
  command
      ->add_option("--stress-runs", values.runs,
                   fmt::format("Fresh processes per GIL setting (default {}: a failure in more than {:.0f}% of runs "
                               "is seen with 95% probability)",
                               defaults.runs, results::detectable_rate(defaults.runs) * 100))
      ->check(CLI::Range(config::kStressRuns.low, config::kStressRuns.high));
  command->add_option("--stress-timeout", timeout,
                      fmt::format("A stress run that takes longer hangs: every thread's stack is dumped, then it is "
                                  "killed (default {}s)",
                                  stress_timeout_seconds(defaults.timeout)));
  command->add_option("--suppressions", suppressions,
                      "Your ThreadSanitizer suppressions file, added to the build's own (race:, race_top:, ...)");
}

std::optional<fs::path> StressOptions::file() const {
  if (stress_file.empty()) return std::nullopt;
  if (!fs::is_regular_file(stress_file))
    throw UsageError(fmt::format("--stress {}: no such file; name a Python file with test_* functions", stress_file));
  return fs::absolute(stress_file).lexically_normal();
}

config::StressSettings StressOptions::settings() const {
  config::StressSettings s = values;
  if (!suppressions.empty()) {
    if (!fs::is_regular_file(suppressions))
      throw UsageError(fmt::format("--suppressions {}: no such file", suppressions));
    s.suppressions = fs::absolute(suppressions).lexically_normal();
  }
  if (timeout.empty()) return s;
  auto limit = parse_duration(timeout);
  if (!limit || *limit < config::kShortestStressTimeout)
    throw UsageError(
        fmt::format("--stress-timeout {}: {}", timeout,
                    limit ? fmt::format("must be at least {}s", stress_timeout_seconds(config::kShortestStressTimeout))
                          : limit.error()));
  s.timeout = *limit;
  return s;
}

}  // namespace gm::cli
