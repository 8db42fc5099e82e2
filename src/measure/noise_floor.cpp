#include "measure/noise_floor.hpp"

#include <cmath>

#include <fmt/format.h>

#include "harness/script_run.hpp"
#include "harness/scripts.hpp"
#include "interpreter/python_environment.hpp"
#include "measure/interference.hpp"
#include "results/statistics.hpp"
#include "results/trimmed_mean.hpp"

namespace gm::measure {

namespace {

constexpr int kProbeSamples = 10;
constexpr double kProbeSampleSeconds = 0.1;

// Spread of log(s[i+1] / s[i]) over neighbouring samples: what two sides of a
// ratio taken seconds apart still differ by.
void add_pair_logs(const std::vector<double>& samples, std::vector<double>& logs) {
  for (std::size_t i = 1; i < samples.size(); ++i)
    if (samples[i] > 0 && samples[i - 1] > 0) logs.push_back(std::log(samples[i] / samples[i - 1]));
}

}  // namespace

int predicted_rounds(double pair_cv, int samples_per_round, double precision) {
  if (precision <= 0) return 0;
  // A round's ratio spreads like two neighbouring samples, less by the square
  // root of the samples each side takes; the interval over n rounds is
  // t(n - 1) x that / sqrt(n) (results/trimmed_mean.hpp).
  const double per_round = pair_cv / std::sqrt(static_cast<double>(std::max(1, samples_per_round)));
  constexpr int kMostPredicted = 10000;
  int n = 3;
  while (n < kMostPredicted &&
         results::student_t_975(n - 1) * per_round / std::sqrt(static_cast<double>(n)) > precision)
    ++n;
  return n;
}

results::NoiseFloor summarize_noise(const NoiseSamples& s, int samples_per_round, double precision) {
  results::NoiseFloor out;
  out.sample_seconds = s.sample_seconds;
  out.samples = static_cast<int>(s.one_core.size());
  out.cv_one_core = results::coefficient_of_variation(s.one_core);
  std::vector<double> cvs, logs;
  for (const auto& core : s.all_cores) {
    cvs.push_back(results::coefficient_of_variation(core));
    add_pair_logs(core, logs);
  }
  add_pair_logs(s.one_core, logs);
  out.cv_all_cores = results::mean(cvs);
  out.pair_cv = results::standard_deviation(logs);
  out.steal_share = s.steal_share;
  out.precision = precision;
  out.predicted_rounds = predicted_rounds(out.pair_cv, samples_per_round, precision);
  return out;
}

std::optional<results::NoiseFloor> probe_noise_floor(const MeasureContext& context, const std::filesystem::path& python,
                                                     const std::vector<int>& cpus, int samples_per_round,
                                                     double precision, std::string& error) {
  std::filesystem::create_directories(context.work_dir);
  const auto output = context.work_dir / "noise-floor.json";
  exec::ProcessSpec spec;
  spec.argv = {python.string(),    harness::script_path(context.scripts_dir, "noise_probe.py").string(),
               "--cpus",           comma_list(cpus),
               "--sample-seconds", fmt::format("{}", kProbeSampleSeconds),
               "--samples",        std::to_string(kProbeSamples),
               "--output",         output.string()};
  spec.env = interpreter::python_environment(config::GilMode::default_mode);
  spec.timeout = std::chrono::seconds(60);
  spec.output_cap = 16 * 1024;
  auto run = harness::run_script(context.runner, spec, output);
  std::error_code ec;
  std::filesystem::remove(output, ec);
  if (!run.ok()) {
    error = run.describe();
    return std::nullopt;
  }
  auto probe = harness::parse_noise_probe(run.output);
  if (!probe) {
    error = probe.error();
    return std::nullopt;
  }
  NoiseSamples samples;
  samples.sample_seconds = kProbeSampleSeconds;
  samples.one_core = std::move(probe->one_core);
  samples.all_cores = std::move(probe->all_cores);
  harness::RunnerSample whole;
  whole.stat_before = std::move(probe->stat_before);
  whole.stat_after = std::move(probe->stat_after);
  whole.window = run.process.wall_seconds;
  samples.steal_share = sample_load(whole, probe->clock_ticks_per_second).steal_share();
  auto floor = summarize_noise(samples, samples_per_round, precision);
  floor.python = python.string();
  return floor;
}

}  // namespace gm::measure
