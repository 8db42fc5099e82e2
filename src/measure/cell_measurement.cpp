#include "measure/cell_measurement.hpp"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "results/statistics.hpp"
#include "util/strings.hpp"

namespace gm::measure {

using results::CellStatus;

MeasurePolicy MeasurePolicy::of(const config::Cell& cell, const config::Measurement& m, double unstable_cv) {
  MeasurePolicy p;
  p.repeats = cell.repeats;
  p.settings = m;
  p.max_samples = std::max(m.max_samples, cell.repeats.count);
  p.unstable_cv = unstable_cv;
  return p;
}

CellMeasurement::CellMeasurement(config::Cell cell, MeasurePolicy policy) : policy_(policy) {
  result_.cell = std::move(cell);
}

CellMeasurement::CellMeasurement(results::CellResult finished, MeasurePolicy policy)
    : policy_(policy), result_(std::move(finished)) {}

double CellMeasurement::measured_seconds() const {
  return std::accumulate(result_.samples.begin(), result_.samples.end(), 0.0);
}

bool CellMeasurement::record_failure(const Round& round) {
  const auto& outcome = round.outcome;
  result_.wall_seconds += outcome.wall_seconds;
  if (outcome.status == CellStatus::ok && !outcome.result.samples.empty()) return false;
  result_.cpus = round.cpus;
  result_.watched_cpus = round.watched;
  result_.status = outcome.status == CellStatus::ok ? CellStatus::failed : outcome.status;
  result_.error = outcome.status == CellStatus::ok ? "the runner reported no samples" : outcome.error;
  result_.gil_enabled_after_import = outcome.result.gil_enabled_after_import;
  // A GIL state the cell did not reach is not reported.
  result_.gil_enabled_after = outcome.status == CellStatus::ok ? outcome.result.gil_enabled_after : std::nullopt;
  failed_ = true;
  return true;
}

bool CellMeasurement::disturbed(const Round& round) const {
  return round.load.beyond(policy_.settings.interference_limit);
}

void CellMeasurement::record(const Round& round, results::Attempt attempt) {
  const auto& r = round.outcome.result;
  result_.cpus = round.cpus;
  result_.watched_cpus = round.watched;
  // The GIL state of any round that ran: an extension may switch it on in some rounds only.
  if (r.gil_enabled_after_import)
    result_.gil_enabled_after_import = result_.gil_enabled_after_import.value_or(false) || *r.gil_enabled_after_import;
  if (r.gil_enabled_after)
    result_.gil_enabled_after = result_.gil_enabled_after.value_or(false) || *r.gil_enabled_after;
  for (const auto& s : r.samples) {
    attempt.samples.push_back(s.seconds);
    attempt.cores_busy.push_back(cores_busy(s));
  }
  attempt.others_share = round.load.others_share();
  attempt.steal_share = round.load.steal_share();
  attempt.load_resolution = round.load.resolution_share();
  attempt.max_rss_mb = r.max_rss_mb;
  attempt.layout_padding = round.layout_padding;
  result_.iterations = r.iterations;
  result_.attempts.push_back(std::move(attempt));
}

void CellMeasurement::set_aside(const Round& round, int round_number, std::string note) {
  results::Attempt attempt;
  attempt.kept = false;
  attempt.round = round_number;
  attempt.note = std::move(note);
  record(round, std::move(attempt));
}

void CellMeasurement::keep(const Round& round, int round_number) {
  results::Attempt attempt;
  attempt.round = round_number;
  record(round, std::move(attempt));
  const auto& kept = result_.attempts.back();
  result_.samples.insert(result_.samples.end(), kept.samples.begin(), kept.samples.end());
  result_.cores_busy.insert(result_.cores_busy.end(), kept.cores_busy.begin(), kept.cores_busy.end());
  kept_load_ += round.load;
  result_.others_share = kept_load_.others_share();
  result_.steal_share = kept_load_.steal_share();
  result_.status = CellStatus::ok;
  results::summarize_samples(result_, policy_.unstable_cv);
}

double CellMeasurement::interference_of(int round_number) const {
  for (const auto& a : result_.attempts)
    if (!a.kept && a.round == round_number) return a.others_share + a.steal_share;
  return -1;
}

void CellMeasurement::keep_disturbed(int round_number, const std::string& why) {
  auto chosen = std::find_if(result_.attempts.begin(), result_.attempts.end(),
                             [&](const auto& a) { return !a.kept && a.round == round_number; });
  if (chosen == result_.attempts.end()) return;
  chosen->kept = true;
  chosen->note += "; kept: every attempt was disturbed and this round least";
  result_.samples = chosen->samples;
  result_.cores_busy = chosen->cores_busy;
  result_.others_share = chosen->others_share;
  result_.steal_share = chosen->steal_share;
  result_.disturbed = true;
  result_.status = CellStatus::ok;
  result_.stop_reason = why;
  results::summarize_samples(result_, policy_.unstable_cv);
}

void CellMeasurement::restart(const std::string& why) {
  for (auto& attempt : result_.attempts) {
    if (!attempt.kept) continue;
    attempt.kept = false;
    attempt.note = why;
  }
  auto attempts = std::move(result_.attempts);
  auto cell = result_.cell;
  auto group = result_.round_group;
  result_ = {};
  result_.cell = std::move(cell);
  result_.attempts = std::move(attempts);
  result_.round_group = std::move(group);
  kept_load_ = {};
  failed_ = false;
}

std::vector<int> cores_for(const config::Cell& cell, const std::vector<int>& reserved) {
  return {reserved.begin(), reserved.begin() + std::min<std::size_t>(reserved.size(), cell.cores())};
}

RunnerCall measuring_call(const MeasureContext& context, const config::Cell& cell, const std::filesystem::path& python,
                          const std::filesystem::path& workload, const std::vector<int>& cpus,
                          const std::vector<int>& watched) {
  RunnerCall call;
  call.python = python;
  call.workload = workload;
  call.arguments = {"--executor",
                    config::to_string(cell.executor),
                    "--iterations",
                    std::to_string(cell.iterations),
                    "--cpus",
                    comma_list(cpus),
                    "--watch-cpus",
                    comma_list(watched),
                    "--barrier-timeout",
                    fmt::format("{}", std::chrono::duration<double>(cell.timeout).count())};
  call.gil_mode = cell.gil_mode;
  call.cpus = cpus;
  call.timeout = cell.timeout;
  if (context.log_dir.empty()) return call;
  auto name =
      fmt::format("{}-{}-x{}", config::to_string(cell.executor), config::to_string(cell.gil_mode), cell.workers);
  call.log_file = context.log_dir / cell.build / cell.workload / (name + ".log");
  if (auto sanitised = context.tsan_options_of.find(cell.build); sanitised != context.tsan_options_of.end()) {
    auto dir = tsan_log_dir(context, cell.build, cell.workload);
    std::error_code ec;  // a folder that cannot be made: TSan reports to stderr, in the cell's log
    std::filesystem::create_directories(dir, ec);
    call.tsan_options = sanitised->second(dir / name);  // TSan adds .<pid>
  }
  return call;
}

Round measure_round(const MeasureContext& context, const config::Cell& cell, const std::filesystem::path& python,
                    const std::filesystem::path& workload, const std::vector<int>& cpus,
                    const std::vector<int>& watched, int repeats, std::size_t layout_padding) {
  auto call = measuring_call(context, cell, python, workload, cpus, watched);
  call.layout_padding = layout_padding;
  call.arguments.insert(call.arguments.end(),
                        {"--workers", std::to_string(cell.workers), "--repeats", std::to_string(repeats)});
  Round round;
  round.cpus = cpus;
  round.watched = watched;
  round.layout_padding = layout_padding;
  round.outcome = invoke_runner(context, call);
  round.load = total_load(round.outcome.result.samples, round.outcome.result.clock_ticks_per_second);
  return round;
}

}  // namespace gm::measure
