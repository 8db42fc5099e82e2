#pragma once
// What a workload expects its speedup to be, as it declares in
// EXPECTED_SPEEDUP (see workloads/README.md):
//
//   EXPECTED_SPEEDUP = {
//       "threads": {"gil": 1, "free-threaded": "N"},   # per kind of build
//       "processes": "N",                               # the same on every build
//       "interpreters": ["0.5N", "N"],                  # a range
//   }
//
// A value is a number (that speedup whatever the worker count), "N" or "kN"
// (k times the worker count), {"serial": s} (Amdahl's law: a share s of each
// unit runs one worker at a time, so N / (N*s + 1 - s)), or a [low, high]
// pair of those. "gil" applies
// where the GIL is on by design (a GIL build, or GIL mode "on"), "free-threaded"
// to free-threaded builds in GIL mode "default" or "off".
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "config/matrix.hpp"
#include "util/error.hpp"

namespace gm::results {

struct SpeedupBound {
  double factor = 1;
  bool per_worker = false;       // factor x N
  std::optional<double> serial;  // Amdahl: N / (N*serial + 1 - serial)
  double at(int workers) const;
  std::string text() const;  // "1", "N", "0.5N", "Amdahl(serial 0.5)"
};

struct SpeedupBand {
  SpeedupBound low, high;
  // "about 2x", "1x to 2x" at `workers`.
  std::string describe(int workers) const;
};

struct ExecutorExpectation {
  std::optional<SpeedupBand> gil;
  std::optional<SpeedupBand> free_threaded;
};

using Expectations = std::map<std::string, ExecutorExpectation>;  // by executor name

// Fails with a message naming the offending part when the declaration does not follow the format above.
Expected<Expectations> parse_expectations(const nlohmann::json& declared);

// The band that applies to a cell, if the workload declared one.
std::optional<SpeedupBand> expected_band(const Expectations& expectations, config::Executor executor,
                                         bool free_threaded_build, config::GilMode mode);

}  // namespace gm::results
