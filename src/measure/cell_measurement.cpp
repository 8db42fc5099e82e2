#include "measure/cell_measurement.hpp"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "results/statistics.hpp"
#include "util/strings.hpp"

namespace gm::measure {

namespace cell_status = results::cell_status;

MeasurePolicy MeasurePolicy::of(const config::Cell& cell, const config::Measurement& m, double unstable_cv) {
  MeasurePolicy p;
  p.repeats = cell.repeats;
  p.max_samples = std::max(m.max_samples, cell.repeats.count);
  p.precision = m.precision;
  p.budget_seconds = std::chrono::duration<double>(m.cell_budget).count();
  p.interference_limit = m.interference_limit;
  p.attempts = m.attempts;
  p.unstable_cv = unstable_cv;
  return p;
}

CellMeasurement::CellMeasurement(config::Cell cell, MeasurePolicy policy) : policy_(policy) {
  result_.cell = std::move(cell);
}

CellMeasurement::CellMeasurement(results::CellResult finished, MeasurePolicy policy)
    : policy_(policy), result_(std::move(finished)) {}

int CellMeasurement::next_repeats() const {
  const int kept = static_cast<int>(result_.samples.size());
  if (!policy_.repeats.automatic) return std::max(1, policy_.repeats.count - kept);
  if (kept < policy_.repeats.count) return policy_.repeats.count - kept;
  // Auto: a few more at a time, never past the sample cap or (roughly) the budget.
  double spent = std::accumulate(result_.samples.begin(), result_.samples.end(), 0.0);
  double per_sample = kept > 0 ? spent / kept : 0;
  int affordable = per_sample > 0 ? static_cast<int>((policy_.budget_seconds - spent) / per_sample) : 5;
  return std::clamp(std::min(5, policy_.max_samples - kept), 1, std::max(1, affordable));
}

CellMeasurement::Next CellMeasurement::add(Round round) {
  const auto& outcome = round.outcome;
  result_.cpus = round.cpus;
  result_.watched_cpus = round.watched;
  result_.wall_seconds += outcome.wall_seconds;
  if (outcome.status != cell_status::ok || outcome.result.samples.empty()) {
    result_.status = outcome.status == cell_status::ok ? cell_status::failed : outcome.status;
    result_.error = outcome.status == cell_status::ok ? "the runner reported no samples" : outcome.error;
    result_.gil_enabled_after_import = outcome.result.gil_enabled_after_import;
    // A GIL state the cell did not reach is not reported.
    result_.gil_enabled_after = outcome.status == cell_status::ok ? outcome.result.gil_enabled_after : std::nullopt;
    return Next::done;
  }
  // The GIL state of any round that ran: an extension may switch it on in some rounds only.
  const auto& r = outcome.result;
  if (r.gil_enabled_after_import)
    result_.gil_enabled_after_import = result_.gil_enabled_after_import.value_or(false) || *r.gil_enabled_after_import;
  if (r.gil_enabled_after) result_.gil_enabled_after = result_.gil_enabled_after.value_or(false) || *r.gil_enabled_after;
  results::Attempt attempt;
  for (const auto& s : outcome.result.samples) {
    attempt.samples.push_back(s.seconds);
    attempt.cores_busy.push_back(cores_busy(s));
  }
  attempt.others_share = round.load.others_share();
  attempt.steal_share = round.load.steal_share();
  result_.iterations = outcome.result.iterations;
  if (round.load.measured && round.load.interference() > policy_.interference_limit) {
    attempt.kept = false;
    attempt.note = "disturbed: " + describe_interference(round.load, result_.watched_cpus);
    result_.attempts.push_back(std::move(attempt));
    ++disturbed_rounds_;
    if (disturbed_rounds_ < policy_.attempts) return Next::retry_later;
    finish_disturbed();
    return Next::done;
  }
  result_.attempts.push_back(std::move(attempt));
  kept_load_ += round.load;
  keep();
  return after_kept();
}

void CellMeasurement::keep() {
  const auto& attempt = result_.attempts.back();
  result_.samples.insert(result_.samples.end(), attempt.samples.begin(), attempt.samples.end());
  result_.cores_busy.insert(result_.cores_busy.end(), attempt.cores_busy.begin(), attempt.cores_busy.end());
  result_.others_share = kept_load_.others_share();
  result_.steal_share = kept_load_.steal_share();
}

// No more attempts. Samples already kept (repeats = "auto") stand on their
// own; otherwise the least disturbed attempt is published, flagged.
void CellMeasurement::finish_disturbed() {
  result_.status = cell_status::ok;
  if (!result_.samples.empty()) {
    result_.stop_reason = fmt::format("{} samples: {} further rounds were disturbed", result_.samples.size(),
                                      disturbed_rounds_);
    return;
  }
  auto least = std::min_element(result_.attempts.begin(), result_.attempts.end(), [](const auto& a, const auto& b) {
    return a.others_share + a.steal_share < b.others_share + b.steal_share;
  });
  least->kept = true;
  least->note += "; kept: every attempt was disturbed and this one least";
  result_.samples = least->samples;
  result_.cores_busy = least->cores_busy;
  result_.others_share = least->others_share;
  result_.steal_share = least->steal_share;
  result_.disturbed = true;
  result_.stop_reason = fmt::format("{} attempts, all disturbed", disturbed_rounds_);
  results::summarize_samples(result_, policy_.unstable_cv);
}

CellMeasurement::Next CellMeasurement::after_kept() {
  const int kept = static_cast<int>(result_.samples.size());
  results::summarize_samples(result_, policy_.unstable_cv);
  result_.status = cell_status::ok;
  if (!policy_.repeats.automatic) {
    if (kept < policy_.repeats.count) return Next::measure_more;
    result_.stop_reason = fmt::format("{} samples, as the matrix asks", kept);
    return Next::done;
  }
  if (kept < policy_.repeats.count) return Next::measure_more;
  double half_width = result_.median_interval && result_.median_seconds > 0
                          ? (result_.median_interval->high - result_.median_interval->low) / 2 / result_.median_seconds
                          : 1;
  double spent = std::accumulate(result_.samples.begin(), result_.samples.end(), 0.0);
  if (half_width <= policy_.precision)
    result_.stop_reason = fmt::format("{} samples: the median's 95% interval is within ±{:.1f}%", kept, half_width * 100);
  else if (spent >= policy_.budget_seconds)
    result_.stop_reason = fmt::format("{} samples: time budget of {:.0f}s spent (interval ±{:.1f}%)", kept,
                                      policy_.budget_seconds, half_width * 100);
  else if (kept >= policy_.max_samples)
    result_.stop_reason =
        fmt::format("{} samples: the most allowed (interval ±{:.1f}%)", kept, half_width * 100);
  else
    return Next::measure_more;
  return Next::done;
}

void CellMeasurement::restart(const std::string& why) {
  for (auto& attempt : result_.attempts) {
    if (!attempt.kept) continue;
    attempt.kept = false;
    attempt.note = why;
  }
  auto attempts = std::move(result_.attempts);
  auto cell = result_.cell;
  result_ = {};
  result_.cell = std::move(cell);
  result_.attempts = std::move(attempts);
  kept_load_ = {};
  disturbed_rounds_ = 0;
}

Round measure_round(const MeasureContext& context, const config::Cell& cell, const std::filesystem::path& python,
                    const std::filesystem::path& workload, const std::vector<int>& cpus,
                    const std::vector<int>& watched, int repeats) {
  RunnerCall call;
  call.python = python;
  call.workload = workload;
  call.arguments = {"--executor", config::to_string(cell.executor),
                    "--workers", std::to_string(cell.workers),
                    "--repeats", std::to_string(repeats),
                    "--iterations", std::to_string(cell.iterations),
                    "--cpus", comma_list(cpus),
                    "--watch-cpus", comma_list(watched),
                    "--barrier-timeout", fmt::format("{}", std::chrono::duration<double>(cell.timeout).count())};
  call.gil_mode = cell.gil_mode;
  call.cpus = cpus;
  call.timeout = cell.timeout;
  Round round;
  round.cpus = cpus;
  round.watched = watched;
  round.outcome = invoke_runner(context, call);
  round.load = total_load(round.outcome.result.samples, round.outcome.result.clock_ticks_per_second);
  return round;
}

}  // namespace gm::measure
