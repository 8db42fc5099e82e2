#pragma once
// The machine's own noise, measured in a few seconds before any cell: a fixed
// pure-Python loop timed on one core alone and on every core at once, and the
// hypervisor's steal over the probe. From the spread of the ratio of
// neighbouring samples (what pairing cannot remove) it predicts how many
// paired rounds a ratio needs to reach the precision target.
#include <filesystem>
#include <optional>
#include <vector>

#include "measure/runner_invocation.hpp"
#include "results/model.hpp"

namespace gm::measure {

struct NoiseSamples {
  std::vector<double> one_core;                // seconds per sample, one core alone
  std::vector<std::vector<double>> all_cores;  // the same, per core, every core at once
  double steal_share = 0;
  double sample_seconds = 0;
};

// Paired rounds for a ratio's 95% interval to be within +-precision when each
// side of a round is the median of `samples_per_round` samples and the ratio
// of neighbouring samples spreads by `pair_cv`: the interval of n per-round
// ratios is about t(n - 1) x their spread / sqrt(n) each side.
int predicted_rounds(double pair_cv, int samples_per_round, double precision);

results::NoiseFloor summarize_noise(const NoiseSamples& samples, int samples_per_round, double precision);

// Runs the probe with `python` on `cpus`; nullopt (and `error`) when it could not run.
std::optional<results::NoiseFloor> probe_noise_floor(const MeasureContext& context, const std::filesystem::path& python,
                                                     const std::vector<int>& cpus, int samples_per_round,
                                                     double precision, std::string& error);

}  // namespace gm::measure
