#include "pipeline/measure_cells.hpp"

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "exec/interrupt.hpp"
#include "measure/budget_choice.hpp"
#include "measure/calibrate.hpp"
#include "measure/cell_measurement.hpp"
#include "measure/paired_group.hpp"
#include "measure/process_layout.hpp"
#include "measure/series_round.hpp"
#include "pipeline/measure_plan.hpp"
#include "results/plausibility.hpp"
#include "results/statistics.hpp"
#include "schedule/core_scheduler.hpp"
#include "util/error.hpp"
#include "util/strings.hpp"

namespace gm::pipeline {
namespace fs = std::filesystem;

std::chrono::milliseconds retry_delay(int disturbed_rounds, std::chrono::milliseconds first) {
  return first * (1 << std::clamp(disturbed_rounds - 1, 0, 4));
}

namespace {

using measure::CellMeasurement;
using Clock = std::chrono::steady_clock;

// The scheduling of the measuring phase: calibration jobs, then a job per
// round group on the core scheduler, retried later when disturbed, then the
// run's budget. What it decides is told to the observers.
//
// Threads: jobs run on the scheduler's threads. Three kinds of state:
// - fixed once run() has planned: request_, cells_, the keys of plan_ and
//   groups_, measurements_'s slots;
// - under mutex_: plan_.calibrations, each group's `submitted` and `cells`
//   until it is submitted, finished_, done_, workloads_, notes_, stop_reason_
//   and the recording observer calls (workload_described, cell_finished);
// - owned by the one job of a group running at a time (a group's jobs follow
//   each other, never overlap): its policy, engine, measured cells and its
//   members' CellMeasurements.
class Measurer {
 public:
  Measurer(const MeasureRequest& request, const measure::MeasureContext& context,
           std::vector<MeasureObserver*> observers)
      : request_(request),
        context_(context),
        observers_(std::move(observers)),
        cells_(request.cells),
        scheduler_(request.cpus),
        exclusive_(request.measurement.isolation == config::Isolation::exclusive),
        run_budget_(std::chrono::duration<double>(request.measurement.run_budget).count()),
        nonce_(std::random_device{}()) {}

  Measured run();

 private:
  struct RoundGroup {
    std::unique_ptr<measure::PairedGroup> policy;
    std::mt19937_64 schedule_engine;  // the order of samples within a series' process
    const RoundGroupPlan* plan = nullptr;
    // The members' cells with their calibration's iterations, set when submitted.
    std::vector<config::Cell> cells;
    bool submitted = false;
  };

  template <class Event>
  void tell(Event event) {
    for (auto* observer : observers_) event(*observer);
  }
  // Exclusive: every measured job holds all cores, and watches all of them.
  int job_cores(int wanted) const { return exclusive_ ? static_cast<int>(request_.cpus.size()) : wanted; }
  const config::WorkloadSpec* workload(const std::string& name) const {
    for (const auto& w : request_.matrix.workloads)
      if (w.name == name) return &w;
    return nullptr;
  }
  fs::path workload_file(const std::string& name) const {
    const auto* w = workload(name);
    return w ? w->file : fs::path();
  }

  void start_groups();
  void run_calibration(const std::string& key, int cpu);
  // Round groups whose calibrations are all done, not yet started. Under mutex_.
  std::vector<schedule::Job> ready_groups();
  schedule::Job group_job(const std::string& key, Clock::time_point not_before = {});
  void run_group(const std::string& key, const std::vector<int>& reserved, bool one_round);
  // One round of every member still measuring, a process per series; false
  // when it could not finish (interrupted, disk full).
  bool run_round(RoundGroup& group, const std::vector<int>& reserved);
  // One round of `members` (one series), or nothing when measuring must stop.
  std::optional<std::vector<measure::Round>> measure_series(RoundGroup& group, const std::vector<std::size_t>& members,
                                                            const std::vector<int>& reserved, int samples);
  // Under mutex_.
  void record_workload(const config::Cell& cell, const std::string& description, const nlohmann::json& expected);
  // Why the cell's last round was set aside; none for a cell that failed or has no round yet.
  const std::string* last_note(std::size_t index) const;
  void abandon(const RoundGroup& group);
  void finish_group(RoundGroup& group);
  // Rounds for the groups furthest from the precision target while the run's budget lasts.
  void spend_run_budget();
  double fair_share(const RoundGroup& group) const;
  double measuring_seconds() const { return std::chrono::duration<double>(Clock::now() - started_).count(); }
  // No result can be kept any more (the disk is full): no new cell starts. Under mutex_.
  void stop(std::string why);
  bool stopping() const { return exec::interrupted() || stopped_; }

  const MeasureRequest& request_;
  const measure::MeasureContext& context_;
  const std::vector<MeasureObserver*> observers_;
  const std::vector<config::Cell> cells_;
  schedule::CoreScheduler scheduler_;
  const bool exclusive_;
  const double run_budget_;  // seconds; 0: none
  const std::uint64_t nonce_;
  Clock::time_point started_;
  MeasurePlan plan_;
  std::vector<std::optional<CellMeasurement>> measurements_;
  std::map<std::string, RoundGroup> groups_;

  std::mutex mutex_;
  std::vector<bool> finished_;
  std::size_t done_ = 0;
  std::map<std::string, results::WorkloadInfo> workloads_;
  std::vector<std::string> notes_;
  std::atomic<bool> stopped_{false};
  std::string stop_reason_;
};

void Measurer::stop(std::string why) {
  if (!stopped_.exchange(true)) stop_reason_ = std::move(why);
}

void Measurer::start_groups() {
  measurements_.resize(cells_.size());
  finished_.assign(cells_.size(), false);
  for (const auto& w : request_.resumed_workloads) workloads_[w.name] = w;
  for (std::size_t i = 0; i < cells_.size(); ++i) {
    auto policy = measure::MeasurePolicy::of(cells_[i], request_.measurement, request_.matrix.defaults.unstable_cv);
    if (const auto* earlier = plan_.resumed[i]) {
      measurements_[i].emplace(*earlier, policy);
      finished_[i] = true;
      ++done_;
    } else {
      measurements_[i].emplace(cells_[i], policy);
    }
  }
  for (const auto& [key, planned] : plan_.groups) {
    auto& group = groups_[key];
    group.plan = &planned;
    std::vector<CellMeasurement*> members;
    for (auto index : planned.cells) members.push_back(&*measurements_[index]);
    const auto name = fmt::format("{}#{:08x}", key, nonce_ & 0xffffffffU);
    group.policy = std::make_unique<measure::PairedGroup>(name, std::move(members), planned.overhead,
                                                          measurements_[planned.cells.front()]->policy(),
                                                          nonce_ ^ results::seed_for(key));
    group.schedule_engine.seed(~(nonce_ ^ results::seed_for(key)));
  }
}

void Measurer::record_workload(const config::Cell& cell, const std::string& description,
                               const nlohmann::json& expected) {
  if (workloads_.contains(cell.workload)) return;
  const auto* spec = workload(cell.workload);
  results::WorkloadInfo info{cell.workload, workload_file(cell.workload).string(), description, expected,
                             spec ? spec->file_sha256 : std::string()};
  workloads_[cell.workload] = info;
  try {
    tell([&](MeasureObserver& o) { o.workload_described(info); });
  } catch (const InfraError& e) {
    stop(e.what());
  }
}

// Calibrates a build and workload on `cpu`, then starts the round groups that waited only for it.
void Measurer::run_calibration(const std::string& key, int cpu) {
  const config::Cell& first = cells_[plan_.calibrations.at(key).cells.front()];
  tell([&](MeasureObserver& o) { o.calibrating(key, first.sample_time, cpu); });
  auto calibration = measure::calibrate(context_, request_.python_for(first), workload_file(first.workload), cpu,
                                        first.sample_time, first.timeout);
  if (exec::interrupted()) return;
  std::vector<schedule::Job> follow_ups;
  {
    std::lock_guard lock(mutex_);
    auto& entry = plan_.calibrations.at(key);
    entry.resolved = true;
    if (calibration.ok) {
      entry.iterations = calibration.iterations;
      entry.source = "calibrated";
    } else {
      entry.source = "workload";
      notes_.push_back(
          fmt::format("{}: calibration failed ({}); the workload's ITERATIONS were used", key, calibration.error));
    }
    if (calibration.ok || !calibration.description.empty())
      record_workload(first, calibration.description, calibration.expected_speedup);
    follow_ups = ready_groups();
  }
  for (auto& job : follow_ups) scheduler_.submit(std::move(job));
}

std::vector<schedule::Job> Measurer::ready_groups() {
  std::vector<schedule::Job> jobs;
  for (auto& [key, group] : groups_) {
    if (group.submitted) continue;
    const auto& waits_for = group.plan->calibrations;
    bool ready = std::all_of(waits_for.begin(), waits_for.end(),
                             [&](const std::string& c) { return plan_.calibrations.at(c).resolved; });
    if (!ready) continue;
    group.submitted = true;
    for (auto index : group.plan->cells) {
      group.cells.push_back(cells_[index]);
      group.cells.back().iterations = plan_.calibrations.at(calibration_key(cells_[index])).iterations;
    }
    jobs.push_back(group_job(key));
  }
  return jobs;
}

schedule::Job Measurer::group_job(const std::string& key, Clock::time_point not_before) {
  int cores = 1;
  for (auto index : groups_.at(key).plan->cells) cores = std::max(cores, cells_[index].cores());
  schedule::Job job{key, job_cores(cores),
                    [this, key](const std::vector<int>& reserved) { run_group(key, reserved, false); }};
  job.not_before = not_before;
  return job;
}

std::optional<std::vector<measure::Round>> Measurer::measure_series(RoundGroup& group,
                                                                    const std::vector<std::size_t>& members,
                                                                    const std::vector<int>& reserved, int samples) {
  std::vector<const config::Cell*> cells;
  for (auto member : members) cells.push_back(&group.cells[member]);
  const auto& first = *cells.front();
  const auto python = request_.python_for(first);
  const auto workload = workload_file(first.workload);
  const auto padding = measure::draw_layout_padding(group.schedule_engine);
  auto one_by_one = [&] {
    std::vector<measure::Round> rounds;
    for (const auto* cell : cells)
      rounds.push_back(measure::measure_round(context_, *cell, python, workload, measure::cores_for(*cell, reserved),
                                              reserved, samples, padding));
    return rounds;
  };
  std::vector<measure::Round> rounds;
  if (cells.size() == 1) {
    rounds = one_by_one();
  } else {
    rounds = measure::measure_series_round(context_, cells, python, workload, reserved, reserved,
                                           measure::interleaved_schedule(cells.size(), samples, group.schedule_engine),
                                           padding);
    const auto status = rounds.front().outcome.status;
    if (status != results::CellStatus::ok && status != results::CellStatus::not_run &&
        status != results::CellStatus::no_space) {
      // One process measured them all: measure each alone to tell whose failure it is.
      const auto last_line = trim(tail_lines(trim(rounds.front().outcome.error), 1));
      tell([&](MeasureObserver& o) { o.series_split(first.series_key(), status, last_line); });
      rounds = one_by_one();
    }
  }
  for (std::size_t i = 0; i < rounds.size(); ++i) {
    const auto& outcome = rounds[i].outcome;
    if (outcome.status == results::CellStatus::not_run) return std::nullopt;  // interrupted
    if (outcome.status == results::CellStatus::no_space) {                    // not the cell's doing: never its result
      std::lock_guard lock(mutex_);
      stop(outcome.error);
      return std::nullopt;
    }
    if (outcome.status == results::CellStatus::ok) {
      std::lock_guard lock(mutex_);
      record_workload(*cells[i], outcome.result.description, outcome.result.expected_speedup);
    }
  }
  return rounds;
}

bool Measurer::run_round(RoundGroup& group, const std::vector<int>& reserved) {
  auto& policy = *group.policy;
  const auto order = policy.next_round();
  const int samples = policy.next_samples();
  // The members of one series share a process; the series go in the order
  // their first member has in the round's random order.
  std::vector<std::vector<std::size_t>> series;
  for (auto member : order) {
    const auto key = group.cells[member].series_key();
    auto same = std::find_if(series.begin(), series.end(),
                             [&](const auto& s) { return group.cells[s.front()].series_key() == key; });
    if (same == series.end())
      series.push_back({member});
    else
      same->push_back(member);
  }
  std::vector<std::size_t> measured_order;
  std::vector<measure::Round> rounds;
  for (const auto& members : series) {
    auto got = measure_series(group, members, reserved, samples);
    if (!got) return false;
    measured_order.insert(measured_order.end(), members.begin(), members.end());
    for (auto& round : *got) rounds.push_back(std::move(round));
  }
  auto next = policy.add_round(measured_order, rounds);
  if (next == measure::PairedGroup::Next::done && policy.restart_if_implausible()) {
    for (auto index : group.plan->cells)
      if (const auto* note = last_note(index))
        tell([&](MeasureObserver& o) { o.cell_restarted(cells_[index], *note); });
  }
  return true;
}

const std::string* Measurer::last_note(std::size_t index) const {
  const auto& m = *measurements_[index];
  if (m.failed() || m.result().attempts.empty()) return nullptr;
  return &m.result().attempts.back().note;
}

double Measurer::fair_share(const RoundGroup& group) const {
  const auto measured_members = plan_.grouped_cells();
  if (run_budget_ <= 0 || measured_members == 0) return 0;
  return run_budget_ * static_cast<double>(group.plan->cells.size()) / static_cast<double>(measured_members);
}

void Measurer::abandon(const RoundGroup& group) {
  for (auto index : group.plan->cells) tell([&](MeasureObserver& o) { o.cell_abandoned(cells_[index]); });
}

// Rounds until the group is done (or, with a run budget, has had its share),
// or set aside to be measured again later. `one_round`: a round of the budget phase.
void Measurer::run_group(const std::string& key, const std::vector<int>& reserved, bool one_round) {
  auto& group = groups_.at(key);
  auto& policy = *group.policy;
  for (auto index : group.plan->cells)
    if (!measurements_[index]->failed()) tell([&](MeasureObserver& o) { o.cell_started(cells_[index], reserved); });
  while (!policy.finished() && !stopping()) {
    const int disturbed_before = policy.disturbed_rounds();
    if (!run_round(group, reserved)) {
      abandon(group);
      return;
    }
    if (policy.disturbed_rounds() > disturbed_before && !policy.finished()) {
      abandon(group);
      std::string why;
      for (auto index : group.plan->cells)
        if (const auto* note = last_note(index); note && why.empty()) why = *note;
      const auto delay = retry_delay(policy.disturbed_rounds(), request_.first_retry_delay);
      tell([&](MeasureObserver& o) { o.round_set_aside(key, why, delay); });
      if (one_round) {
        std::this_thread::sleep_for(delay);
        return;
      }
      scheduler_.submit(group_job(key, Clock::now() + delay));
      return;
    }
    if (one_round) break;
    if (run_budget_ > 0 && policy.rounds_seconds() >= fair_share(group)) break;  // the rest waits for spend_run_budget
  }
  if (!policy.finished()) {
    abandon(group);
    return;
  }
  finish_group(group);
}

void Measurer::finish_group(RoundGroup& group) {
  std::lock_guard lock(mutex_);
  for (auto index : group.plan->cells) {
    auto result = measurements_[index]->result();
    result.iterations_source = plan_.calibrations.at(calibration_key(cells_[index])).source;
    try {
      tell([&](MeasureObserver& o) { o.cell_finished(result); });
    } catch (const InfraError& e) {
      stop(e.what());  // not journaled, so not kept: --resume measures it again
      tell([&](MeasureObserver& o) { o.cell_abandoned(cells_[index]); });
      continue;
    }
    if (!finished_[index]) ++done_;
    finished_[index] = true;
  }
}

// After every group's fair share, the rounds left go one at a time to the
// group chosen by measure::next_for_budget: the one the budget left can bring
// to the target most cheaply, else the one furthest from it.
void Measurer::spend_run_budget() {
  while (!stopping()) {
    std::vector<std::string> keys;
    std::vector<measure::BudgetCandidate> candidates;
    for (auto& [key, group] : groups_) {
      if (!group.submitted || group.policy->finished()) continue;
      keys.push_back(key);
      candidates.push_back(group.policy->budget_candidate());
    }
    auto chosen = measure::next_for_budget(candidates, run_budget_ - measuring_seconds());
    if (!chosen) return;
    const std::string next_key = keys[*chosen];
    const auto* next = &groups_.at(next_key);
    if (measuring_seconds() + next->policy->last_round_seconds() > run_budget_) break;
    scheduler_.run(
        {schedule::Job{next_key, group_job(next_key).cores,
                       [this, next_key](const std::vector<int>& reserved) { run_group(next_key, reserved, true); }}},
        [this] { return stopping(); });
  }
  if (stopping()) return;
  for (auto& [key, group] : groups_) {
    if (!group.submitted || group.policy->finished()) continue;
    group.policy->stop(fmt::format("the run's budget of {:.0f}s was spent", run_budget_));
    finish_group(group);
  }
}

Measured Measurer::run() {
  started_ = Clock::now();
  plan_ = plan_measurement(cells_, request_.resumed, request_.gil_twin_of, request_.measured_with);
  start_groups();
  MeasuringStart start{{}, done_, groups_.size(), request_.cpus.size(), request_.measurement.isolation, run_budget_};
  for (std::size_t i = 0; i < cells_.size(); ++i)
    if (!finished_[i]) start.pending.push_back(cells_[i]);
  tell([&](MeasureObserver& o) { o.measuring(start); });
  std::vector<schedule::Job> jobs;
  for (auto& [key, calibration] : plan_.calibrations)
    if (!calibration.cells.empty() && !calibration.resolved)
      jobs.push_back({"calibrate " + key, job_cores(1),
                      [this, key](const std::vector<int>& reserved) { run_calibration(key, reserved.front()); }});
  for (auto& job : ready_groups()) jobs.push_back(std::move(job));
  scheduler_.run(std::move(jobs), [this] { return stopping(); });
  if (run_budget_ > 0 && !stopping()) spend_run_budget();

  Measured out;
  for (std::size_t i = 0; i < cells_.size(); ++i) {
    if (finished_[i]) {
      out.cells.push_back(measurements_[i]->result());
      out.cells.back().iterations_source = plan_.calibrations.at(calibration_key(cells_[i])).source;
    } else {
      results::CellResult missing;
      missing.cell = cells_[i];
      missing.error = stopped_ ? "not measured: " + stop_reason_ : "not measured: the run was interrupted";
      out.cells.push_back(missing);
    }
  }
  tell([](MeasureObserver& o) { o.measured(); });
  results::compute_speedups(out.cells);
  results::mark_implausible(out.cells, request_.measurement.plausible_margin);
  for (auto& [name, info] : workloads_) out.workloads.push_back(info);
  out.notes = notes_;
  out.stopped = stop_reason_;
  return out;
}

}  // namespace

Measured measure_cells(const MeasureRequest& request, const measure::MeasureContext& context,
                       const std::vector<MeasureObserver*>& observers) {
  return Measurer(request, context, observers).run();
}

Measured measure_cells(const MeasureRequest& request, const measure::MeasureContext& context) {
  JournalObserver journal(request.journal);
  TerminalObserver terminal;
  return measure_cells(request, context, {&journal, &terminal});
}

}  // namespace gm::pipeline
