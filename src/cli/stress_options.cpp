#include "cli/stress_options.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "util/duration.hpp"
#include "util/error.hpp"

namespace gm::cli {
namespace fs = std::filesystem;

void StressOptions::add_to(CLI::App* command) {
  command->add_option("--stress", stress_file,
                      "A Python file whose test_* functions are each run by --threads threads at once, "
                      "--iterations times, in --stress-runs fresh processes per GIL setting (a sanitised build "
                      "such as 3.14t-tsan stresses concurrent imports without one)");
  command->add_option("--threads", threads, "Threads released together on each stress function (default 8)")
      ->check(CLI::Range(2, 1024));
  command->add_option("--iterations", iterations, "Calls of each stress function per thread (default 100)")
      ->check(CLI::Range(1, 1'000'000));
  command->add_option("--stress-runs", runs,
                      "Fresh processes per GIL setting (default 10: a failure in more than 26% of runs is seen "
                      "with 95% probability)")
      ->check(CLI::Range(1, 1000));
  command->add_option("--stress-timeout", timeout,
                      "A stress run that takes longer hangs: every thread's stack is dumped, then it is killed "
                      "(default 120s)");
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
  config::StressSettings s;
  if (!suppressions.empty()) {
    if (!fs::is_regular_file(suppressions))
      throw UsageError(fmt::format("--suppressions {}: no such file", suppressions));
    s.suppressions = fs::absolute(suppressions).lexically_normal();
  }
  auto limit = parse_duration(timeout);
  if (!limit || limit->count() < 1000)
    throw UsageError(fmt::format("--stress-timeout {}: {}", timeout,
                                 limit ? "must be at least 1s" : limit.error()));
  s.timeout = *limit;
  s.threads = threads;
  s.iterations = iterations;
  s.runs = runs;
  return s;
}

}  // namespace gm::cli
