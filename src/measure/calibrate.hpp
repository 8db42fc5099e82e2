#pragma once
// How many units of work make a sample of the wanted length, per build and
// workload. Weak scaling then keeps that count for every worker count.
#include <chrono>
#include <filesystem>
#include <string>

#include "harness/protocol.hpp"
#include "measure/runner_invocation.hpp"

namespace gm::measure {

struct Calibration {
  bool ok = false;
  int iterations = 0;
  double unit_seconds = 0;
  std::string error;  // why it failed; the workload's ITERATIONS are used then
  std::string description;
  nlohmann::json expected_speedup;
};

// One worker on `cpu`, in the build's default GIL mode.
Calibration calibrate(const MeasureContext& context, const std::filesystem::path& python,
                      const std::filesystem::path& workload, int cpu, std::chrono::milliseconds sample_time,
                      std::chrono::milliseconds timeout);

}  // namespace gm::measure
