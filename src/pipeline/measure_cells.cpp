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
#include "results/journal.hpp"
#include "util/error.hpp"
#include "results/plausibility.hpp"
#include "results/statistics.hpp"
#include "schedule/core_scheduler.hpp"
#include "util/progress_board.hpp"
#include "util/strings.hpp"
#include "util/terminal.hpp"

namespace gm::pipeline {
namespace fs = std::filesystem;

namespace {

using measure::CellMeasurement;
using Clock = std::chrono::steady_clock;

// A disturbed round is measured again after a pause that doubles each time,
// so a burst of other work has a chance to end; other cells go meanwhile.
Clock::duration retry_delay(int disturbed_rounds) {
  return std::chrono::seconds(3) * (1 << std::min(disturbed_rounds - 1, 4));
}

std::string calibration_key(const config::Cell& cell) { return cell.build + "/" + cell.workload; }

std::string cell_line(const results::CellResult& c) {
  std::string what;
  if (c.status != results::cell_status::ok) {
    what = to_string(c.status) + (c.error.empty() ? "" : ": " + split_lines(c.error).back());
  } else {
    what = fmt::format("{:.3f}s", c.median_seconds);
    if (c.median_interval)
      what += fmt::format(" [{:.3f}, {:.3f}]", c.median_interval->low, c.median_interval->high);
    what += fmt::format(", {:.1f} cores busy", c.cores_busy_median);
    if (c.disturbed) what += ", disturbed";
    if (c.unstable) what += fmt::format(", unstable (cv {:.0f}%)", c.cv * 100);
    int set_aside = static_cast<int>(std::count_if(c.attempts.begin(), c.attempts.end(), [](auto& a) { return !a.kept; }));
    if (set_aside > 0) what += fmt::format(", {} round{} set aside", set_aside, set_aside == 1 ? "" : "s");
  }
  return fmt::format("{} {}", c.cell.key(), what);
}

ProgressBoard::Task progress_task(const config::Cell& cell) { return {cell.key(), cell.series_key(), cell.cores()}; }

// Cells compared with each other are measured in the same rounds: one
// workload and executor on one build and its free-threaded twin.
std::string round_group_key(const config::Cell& cell, const std::map<std::string, std::string>& gil_twin_of) {
  auto twin = gil_twin_of.find(cell.build);
  const std::string& family = twin == gil_twin_of.end() ? cell.build : twin->second;
  return fmt::format("{}/{}/{}", family, cell.workload, config::to_string(cell.executor));
}

class Measurer {
 public:
  Measurer(const MeasureRequest& request, const measure::MeasureContext& context)
      : request_(request), context_(context), scheduler_(request.cpus),
        exclusive_(request.measurement.isolation == config::Isolation::exclusive),
        run_budget_(std::chrono::duration<double>(request.measurement.run_budget).count()),
        nonce_(std::random_device{}()) {}

  Measured run();

 private:
  // Builds and workloads calibrated together: every worker count of a build
  // and workload uses the same iterations (weak scaling).
  struct Calibration {
    std::vector<std::size_t> cells;  // indexes into cells_ still to measure
    int iterations = 0;
    std::string source;
    bool resolved = false;
  };
  struct RoundGroup {
    std::unique_ptr<measure::PairedGroup> policy;
    std::mt19937_64 schedule_engine;      // the order of samples within a series' process
    std::vector<std::size_t> cells;       // indexes into cells_, in member order
    std::set<std::string> calibrations;   // keys it waits for
    bool submitted = false;
  };

  // Exclusive: every measured job holds all cores, and watches all of them.
  int job_cores(int wanted) const { return exclusive_ ? static_cast<int>(request_.cpus.size()) : wanted; }
  fs::path workload_file(const std::string& name) const {
    for (const auto& w : request_.matrix.workloads)
      if (w.name == name) return w.file;
    return {};
  }
  std::string workload_file_sha256(const std::string& name) const {
    for (const auto& w : request_.matrix.workloads)
      if (w.name == name) return w.file_sha256;
    return {};
  }

  void plan();
  void plan_round_groups();
  schedule::Job calibration_job(const std::string& key);
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
  void record_workload(const config::Cell& cell, const std::string& description, const nlohmann::json& expected);
  // Why the cell's last round was set aside; none for a cell that failed or has no round yet.
  const std::string* last_note(std::size_t index) const;
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
  schedule::CoreScheduler scheduler_;
  const bool exclusive_;
  const double run_budget_;  // seconds; 0: none
  const std::uint64_t nonce_;
  Clock::time_point started_;

  std::mutex mutex_;
  std::vector<config::Cell> cells_;
  std::vector<std::optional<CellMeasurement>> measurements_;
  std::vector<bool> finished_;
  std::map<std::string, Calibration> calibrations_;
  std::map<std::string, RoundGroup> groups_;
  std::size_t measured_members_ = 0;  // cells in round groups
  std::map<std::string, results::WorkloadInfo> workloads_;
  std::vector<std::string> notes_;
  std::size_t done_ = 0;
  std::atomic<bool> stopped_{false};
  std::string stop_reason_;
  std::unique_ptr<ProgressBoard> progress_;  // one line per running cell on a terminal
};

void Measurer::stop(std::string why) {
  if (!stopped_.exchange(true)) stop_reason_ = std::move(why);
}

void Measurer::plan() {
  cells_ = request_.cells;
  measurements_.resize(cells_.size());
  finished_.assign(cells_.size(), false);
  std::map<std::string, const results::CellResult*> resumed;
  for (const auto& c : request_.resumed) resumed[c.cell.key()] = &c;
  for (const auto& w : request_.resumed_workloads) workloads_[w.name] = w;
  for (std::size_t i = 0; i < cells_.size(); ++i) {
    const auto& cell = cells_[i];
    auto policy = measure::MeasurePolicy::of(cell, request_.measurement, request_.matrix.defaults.unstable_cv);
    auto& calibration = calibrations_[calibration_key(cell)];
    if (auto it = resumed.find(cell.key()); it != resumed.end()) {
      // Weak scaling needs the iterations the earlier part of the run used.
      measurements_[i].emplace(*it->second, policy);
      finished_[i] = true;
      ++done_;
      if (!calibration.resolved && it->second->iterations > 0) {
        calibration.iterations = it->second->iterations;
        calibration.source = it->second->iterations_source;
        calibration.resolved = true;
      }
      continue;
    }
    measurements_[i].emplace(cell, policy);
    calibration.cells.push_back(i);
    if (cell.iterations > 0) {
      calibration.iterations = cell.iterations;
      calibration.source = "matrix";
      calibration.resolved = true;
    } else if (cell.sample_time.count() == 0 && !calibration.resolved) {
      calibration.source = "workload";
      calibration.resolved = true;
    }
  }
  plan_round_groups();
}

void Measurer::plan_round_groups() {
  for (std::size_t i = 0; i < cells_.size(); ++i) {
    if (finished_[i]) continue;
    auto& group = groups_[round_group_key(cells_[i], request_.gil_twin_of)];
    group.cells.push_back(i);
    group.calibrations.insert(calibration_key(cells_[i]));
    ++measured_members_;
  }
  for (auto& [key, group] : groups_) {
    std::vector<CellMeasurement*> members;
    std::vector<measure::OverheadPair> overhead;
    for (auto index : group.cells) members.push_back(&*measurements_[index]);
    for (std::size_t a = 0; a < group.cells.size(); ++a)
      for (std::size_t b = 0; b < group.cells.size(); ++b) {
        const auto& ft = cells_[group.cells[a]];
        const auto& gil = cells_[group.cells[b]];
        auto twin = request_.gil_twin_of.find(ft.build);
        if (twin == request_.gil_twin_of.end() || twin->second != gil.build) continue;
        if (ft.workers == 1 && gil.workers == 1 && ft.gil_mode == config::GilMode::default_mode &&
            gil.gil_mode == config::GilMode::default_mode)
          overhead.push_back({a, b});
      }
    const auto name = fmt::format("{}#{:08x}", key, nonce_ & 0xffffffffU);
    group.policy = std::make_unique<measure::PairedGroup>(name, std::move(members), std::move(overhead),
                                                          measurements_[group.cells.front()]->policy(),
                                                          nonce_ ^ results::seed_for(key));
    group.schedule_engine.seed(~(nonce_ ^ results::seed_for(key)));
  }
}

void Measurer::record_workload(const config::Cell& cell, const std::string& description,
                               const nlohmann::json& expected) {
  // Under mutex_.
  if (workloads_.contains(cell.workload)) return;
  results::WorkloadInfo info{cell.workload, workload_file(cell.workload).string(), description, expected,
                             workload_file_sha256(cell.workload)};
  workloads_[cell.workload] = info;
  try {
    results::append_workload(request_.journal, info);
  } catch (const InfraError& e) {
    stop(e.what());
  }
}

schedule::Job Measurer::calibration_job(const std::string& key) {
  return {"calibrate " + key, job_cores(1),
          [this, key](const std::vector<int>& reserved) { run_calibration(key, reserved.front()); }};
}

// Calibrates a build and workload on `cpu`, then starts the round groups that waited only for it.
void Measurer::run_calibration(const std::string& key, int cpu) {
  const config::Cell first = cells_[calibrations_.at(key).cells.front()];
  Terminal::instance().status(fmt::format("calibrating {} for {:.2f}s samples on cpu {}", key,
                                          std::chrono::duration<double>(first.sample_time).count(), cpu));
  auto calibration = measure::calibrate(context_, request_.python_for(first), workload_file(first.workload), cpu,
                                        first.sample_time, first.timeout);
  if (exec::interrupted()) return;
  std::vector<schedule::Job> follow_ups;
  {
    std::lock_guard lock(mutex_);
    auto& entry = calibrations_.at(key);
    entry.resolved = true;
    if (calibration.ok) {
      entry.iterations = calibration.iterations;
      entry.source = "calibrated";
    } else {
      entry.source = "workload";
      notes_.push_back(fmt::format("{}: calibration failed ({}); the workload's ITERATIONS were used", key,
                                   calibration.error));
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
    bool ready = std::all_of(group.calibrations.begin(), group.calibrations.end(),
                             [&](const std::string& c) { return calibrations_.at(c).resolved; });
    if (!ready) continue;
    group.submitted = true;
    for (auto index : group.cells) {
      const auto& calibration = calibrations_.at(calibration_key(cells_[index]));
      cells_[index].iterations = calibration.iterations;
    }
    jobs.push_back(group_job(key));
  }
  return jobs;
}

schedule::Job Measurer::group_job(const std::string& key, Clock::time_point not_before) {
  int cores = 1;
  for (auto index : groups_.at(key).cells) cores = std::max(cores, cells_[index].cores());
  schedule::Job job{key, job_cores(cores),
                    [this, key](const std::vector<int>& reserved) { run_group(key, reserved, false); }};
  job.not_before = not_before;
  return job;
}

std::optional<std::vector<measure::Round>> Measurer::measure_series(RoundGroup& group,
                                                                   const std::vector<std::size_t>& members,
                                                                   const std::vector<int>& reserved, int samples) {
  std::vector<const config::Cell*> cells;
  for (auto member : members) cells.push_back(&cells_[group.cells[member]]);
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
    if (status != results::cell_status::ok && status != results::cell_status::not_run &&
        status != results::cell_status::no_space) {
      // One process measured them all: measure each alone to tell whose failure it is.
      const auto last_line = trim(tail_lines(trim(rounds.front().outcome.error), 1));
      Terminal::instance().line(fmt::format("{}: the series' process {}{}; measuring its cells one process each "
                                            "to tell which one fails",
                                            first.series_key(), to_string(status),
                                            last_line.empty() ? "" : " (" + last_line + ")"));
      rounds = one_by_one();
    }
  }
  for (std::size_t i = 0; i < rounds.size(); ++i) {
    const auto& outcome = rounds[i].outcome;
    if (outcome.status == results::cell_status::not_run) return std::nullopt;  // interrupted
    if (outcome.status == results::cell_status::no_space) {  // not the cell's doing: never its result
      std::lock_guard lock(mutex_);
      stop(outcome.error);
      return std::nullopt;
    }
    if (outcome.status == results::cell_status::ok) {
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
    const auto key = cells_[group.cells[member]].series_key();
    auto same = std::find_if(series.begin(), series.end(), [&](const auto& s) {
      return cells_[group.cells[s.front()]].series_key() == key;
    });
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
    for (auto index : group.cells)
      if (const auto* note = last_note(index)) Terminal::instance().line(fmt::format("{}: {}", cells_[index].key(), *note));
  }
  return true;
}

const std::string* Measurer::last_note(std::size_t index) const {
  const auto& m = *measurements_[index];
  if (m.failed() || m.result().attempts.empty()) return nullptr;
  return &m.result().attempts.back().note;
}

double Measurer::fair_share(const RoundGroup& group) const {
  if (run_budget_ <= 0 || measured_members_ == 0) return 0;
  return run_budget_ * static_cast<double>(group.cells.size()) / static_cast<double>(measured_members_);
}

// Rounds until the group is done (or, with a run budget, has had its share),
// or set aside to be measured again later. `one_round`: a round of the budget phase.
void Measurer::run_group(const std::string& key, const std::vector<int>& reserved, bool one_round) {
  auto& group = groups_.at(key);
  auto& policy = *group.policy;
  for (auto index : group.cells)
    if (!measurements_[index]->failed()) progress_->start(cells_[index].key(), "cpu " + measure::comma_list(reserved));
  auto abandon = [&] {
    for (auto index : group.cells) progress_->abandon(cells_[index].key());
  };
  while (!policy.finished() && !stopping()) {
    const int disturbed_before = policy.disturbed_rounds();
    if (!run_round(group, reserved)) {
      abandon();
      return;
    }
    if (policy.disturbed_rounds() > disturbed_before && !policy.finished()) {
      abandon();
      std::string why;
      for (auto index : group.cells)
        if (const auto* note = last_note(index); note && why.empty()) why = *note;
      Terminal::instance().line(fmt::format("{}: round set aside ({}); measuring it again later", key, why));
      auto delay = retry_delay(policy.disturbed_rounds());
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
    abandon();
    return;
  }
  finish_group(group);
}

void Measurer::finish_group(RoundGroup& group) {
  std::lock_guard lock(mutex_);
  for (auto index : group.cells) {
    auto result = measurements_[index]->result();
    result.iterations_source = calibrations_.at(calibration_key(cells_[index])).source;
    try {
      results::append_cell(request_.journal, result);
    } catch (const InfraError& e) {
      stop(e.what());  // not journaled, so not kept: --resume measures it again
      progress_->abandon(cells_[index].key());
      continue;
    }
    if (!finished_[index]) ++done_;
    finished_[index] = true;
    progress_->finish(cells_[index].key(), cell_line(result));
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
    scheduler_.run({schedule::Job{next_key, group_job(next_key).cores,
                                  [this, next_key](const std::vector<int>& reserved) {
                                    run_group(next_key, reserved, true);
                                  }}},
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
  plan();
  std::vector<ProgressBoard::Task> pending;
  for (std::size_t i = 0; i < cells_.size(); ++i)
    if (!finished_[i]) pending.push_back(progress_task(cells_[i]));
  progress_ = std::make_unique<ProgressBoard>(pending, done_, static_cast<int>(request_.cpus.size()));
  std::vector<schedule::Job> jobs;
  for (auto& [key, calibration] : calibrations_)
    if (!calibration.cells.empty() && !calibration.resolved) jobs.push_back(calibration_job(key));
  for (auto& job : ready_groups()) jobs.push_back(std::move(job));
  Terminal::instance().line(fmt::format("measuring {} cells in {} groups of paired rounds on {} cores ({} isolation){}{}",
                                        cells_.size() - done_, groups_.size(), request_.cpus.size(),
                                        config::to_string(request_.measurement.isolation),
                                        run_budget_ > 0 ? fmt::format(", budget {:.0f}s", run_budget_) : "",
                                        done_ == 0 ? "" : fmt::format(", {} resumed", done_)));
  scheduler_.run(std::move(jobs), [this] { return stopping(); });
  if (run_budget_ > 0 && !stopping()) spend_run_budget();

  Measured out;
  for (std::size_t i = 0; i < cells_.size(); ++i) {
    if (finished_[i]) {
      out.cells.push_back(measurements_[i]->result());
      out.cells.back().iterations_source = calibrations_.at(calibration_key(cells_[i])).source;
    } else {
      results::CellResult missing;
      missing.cell = cells_[i];
      missing.error = stopped_ ? "not measured: " + stop_reason_ : "not measured: the run was interrupted";
      out.cells.push_back(missing);
    }
  }
  progress_.reset();
  results::compute_speedups(out.cells);
  const double margin = request_.measurement.plausible_margin;
  for (auto& c : out.cells) {
    const auto* base = c.cell.workers > 1 ? results::baseline_of(out.cells, c) : nullptr;
    c.implausible = c.speedup && base &&
                    results::beyond_ceiling(results::speedup_ceiling(c, *base, margin), *c.speedup, c.speedup_interval);
  }
  for (auto& [name, info] : workloads_) out.workloads.push_back(info);
  out.notes = notes_;
  out.stopped = stop_reason_;
  return out;
}

}  // namespace

Measured measure_cells(const MeasureRequest& request, const measure::MeasureContext& context) {
  return Measurer(request, context).run();
}

}  // namespace gm::pipeline
