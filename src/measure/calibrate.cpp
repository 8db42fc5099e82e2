#include "measure/calibrate.hpp"

#include <fmt/format.h>

#include "results/model.hpp"
#include "util/strings.hpp"

namespace gm::measure {

Calibration calibrate(const MeasureContext& context, const std::filesystem::path& python,
                      const std::filesystem::path& workload, int cpu, std::chrono::milliseconds sample_time,
                      std::chrono::milliseconds timeout) {
  RunnerCall call;
  call.python = python;
  call.workload = workload;
  call.arguments = {"--calibrate", fmt::format("{}", std::chrono::duration<double>(sample_time).count()), "--cpus",
                    std::to_string(cpu)};
  call.cpus = {cpu};
  call.timeout = timeout;
  auto outcome = invoke_runner(context, call);
  Calibration c;
  c.description = outcome.result.description;
  c.expected_speedup = outcome.result.expected_speedup;
  if (outcome.status != results::CellStatus::ok || outcome.result.iterations < 1) {
    auto lines = split_lines(outcome.error);
    c.error = to_string(outcome.status) + (lines.empty() ? "" : ": " + lines.back());
    return c;
  }
  c.ok = true;
  c.iterations = outcome.result.iterations;
  c.unit_seconds = outcome.result.unit_seconds;
  return c;
}

}  // namespace gm::measure
