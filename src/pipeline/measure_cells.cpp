#include "pipeline/measure_cells.hpp"

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "exec/interrupt.hpp"
#include "measure/calibrate.hpp"
#include "measure/cell_measurement.hpp"
#include "results/journal.hpp"
#include "util/error.hpp"
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

std::string group_key(const config::Cell& cell) { return cell.build + "/" + cell.workload; }

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

class Measurer {
 public:
  Measurer(const MeasureRequest& request, const measure::MeasureContext& context)
      : request_(request), context_(context), scheduler_(request.cpus),
        exclusive_(request.measurement.isolation == config::Isolation::exclusive) {}

  Measured run();

 private:
  struct Group {
    std::vector<std::size_t> pending;  // indexes into cells_ still to measure
    int iterations = 0;
    std::string source;
    bool resolved = false;
  };

  // Exclusive: every measured job holds all cores, and watches all of them.
  int job_cores(int wanted) const { return exclusive_ ? static_cast<int>(request_.cpus.size()) : wanted; }
  fs::path workload_file(const std::string& name) const {
    for (const auto& w : request_.matrix.workloads)
      if (w.name == name) return w.file;
    return {};
  }

  void plan();
  schedule::Job calibration_job(const std::string& key);
  void run_calibration(const std::string& key, int cpu);
  schedule::Job cell_job(std::size_t index, Clock::time_point not_before = {});
  void run_cell(std::size_t index, const std::vector<int>& reserved);
  void record_workload(const config::Cell& cell, const std::string& description, const nlohmann::json& expected);
  void finish(std::size_t index);
  void remeasure_implausible_baselines();
  // No result can be kept any more (the disk is full): no new cell starts. Under mutex_.
  void stop(std::string why);
  bool stopping() const { return exec::interrupted() || stopped_; }

  const MeasureRequest& request_;
  const measure::MeasureContext& context_;
  schedule::CoreScheduler scheduler_;
  const bool exclusive_;

  std::mutex mutex_;
  std::vector<config::Cell> cells_;
  std::vector<std::optional<CellMeasurement>> measurements_;
  std::vector<bool> finished_;
  std::map<std::string, Group> groups_;
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
    auto& group = groups_[group_key(cell)];
    if (auto it = resumed.find(cell.key()); it != resumed.end()) {
      // Weak scaling needs the iterations the earlier part of the run used.
      measurements_[i].emplace(*it->second, policy);
      finished_[i] = true;
      ++done_;
      if (!group.resolved && it->second->iterations > 0) {
        group.iterations = it->second->iterations;
        group.source = it->second->iterations_source;
        group.resolved = true;
      }
      continue;
    }
    measurements_[i].emplace(cell, policy);
    group.pending.push_back(i);
    if (cell.iterations > 0) {
      group.iterations = cell.iterations;
      group.source = "matrix";
      group.resolved = true;
    } else if (cell.sample_time.count() == 0 && !group.resolved) {
      group.source = "workload";
      group.resolved = true;
    }
  }
}

void Measurer::record_workload(const config::Cell& cell, const std::string& description,
                               const nlohmann::json& expected) {
  // Under mutex_.
  if (workloads_.contains(cell.workload)) return;
  results::WorkloadInfo info{cell.workload, workload_file(cell.workload).string(), description, expected};
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

// Calibrates a build and workload on `cpu`, then queues its cells with the count found.
void Measurer::run_calibration(const std::string& key, int cpu) {
  const config::Cell first = cells_[groups_.at(key).pending.front()];
  Terminal::instance().status(fmt::format("calibrating {} for {:.2f}s samples on cpu {}", key,
                                          std::chrono::duration<double>(first.sample_time).count(), cpu));
  auto calibration = measure::calibrate(context_, request_.python_for(first), workload_file(first.workload), cpu,
                                        first.sample_time, first.timeout);
  if (exec::interrupted()) return;
  std::vector<schedule::Job> follow_ups;
  {
    std::lock_guard lock(mutex_);
    auto& group = groups_.at(key);
    group.resolved = true;
    if (calibration.ok) {
      group.iterations = calibration.iterations;
      group.source = "calibrated";
    } else {
      group.source = "workload";
      notes_.push_back(fmt::format("{}: calibration failed ({}); the workload's ITERATIONS were used", key,
                                   calibration.error));
    }
    if (calibration.ok || !calibration.description.empty())
      record_workload(first, calibration.description, calibration.expected_speedup);
    for (auto index : group.pending) follow_ups.push_back(cell_job(index));
  }
  for (auto& job : follow_ups) scheduler_.submit(std::move(job));
}

schedule::Job Measurer::cell_job(std::size_t index, Clock::time_point not_before) {
  auto& cell = cells_[index];
  cell.iterations = groups_.at(group_key(cell)).iterations;
  schedule::Job job{cell.key(), job_cores(cell.cores()),
                    [this, index](const std::vector<int>& reserved) { run_cell(index, reserved); }};
  job.not_before = not_before;
  return job;
}

// Rounds until the cell is done, or set aside to be measured again later.
void Measurer::run_cell(std::size_t index, const std::vector<int>& reserved) {
  auto& measurement = *measurements_[index];
  const auto& cell = cells_[index];
  const std::vector<int> cpus(reserved.begin(), reserved.begin() + std::min<std::size_t>(reserved.size(), cell.cores()));
  const auto python = request_.python_for(cell);
  const auto workload = workload_file(cell.workload);
  progress_->start(cell.key(), "cpu " + measure::comma_list(cpus));
  auto next = CellMeasurement::Next::measure_more;
  while (next == CellMeasurement::Next::measure_more) {
    auto round = measure::measure_round(context_, cell, python, workload, cpus, reserved, measurement.next_repeats());
    if (round.outcome.status == results::cell_status::not_run) {  // interrupted
      progress_->abandon(cell.key());
      return;
    }
    if (round.outcome.status == results::cell_status::no_space) {  // not the cell's doing: never its result
      progress_->abandon(cell.key());
      std::lock_guard lock(mutex_);
      stop(round.outcome.error);
      return;
    }
    if (round.outcome.status == results::cell_status::ok) {
      std::lock_guard lock(mutex_);
      record_workload(cell, round.outcome.result.description, round.outcome.result.expected_speedup);
    }
    next = measurement.add(std::move(round));
  }
  if (next == CellMeasurement::Next::retry_later) {
    progress_->abandon(cell.key());
    Terminal::instance().line(
        fmt::format("{}: {}; measuring it again later", cell.key(), measurement.result().attempts.back().note));
    scheduler_.submit(cell_job(index, Clock::now() + retry_delay(measurement.disturbed_rounds())));
    return;
  }
  finish(index);
}

void Measurer::finish(std::size_t index) {
  std::lock_guard lock(mutex_);
  auto result = measurements_[index]->result();
  const auto& group = groups_.at(group_key(cells_[index]));
  result.iterations_source = group.source;
  try {
    results::append_cell(request_.journal, result);
  } catch (const InfraError& e) {
    stop(e.what());  // not journaled, so not kept: --resume measures it again
    progress_->abandon(cells_[index].key());
    return;
  }
  if (!finished_[index]) ++done_;
  finished_[index] = true;
  progress_->finish(cells_[index].key(), cell_line(result));
}

void Measurer::remeasure_implausible_baselines() {
  std::vector<results::CellResult> current;
  for (auto& m : measurements_) current.push_back(m->result());
  results::compute_speedups(current);
  const double margin = request_.measurement.plausible_margin;
  std::vector<schedule::Job> jobs;
  std::set<std::string> series_done;
  for (const auto& c : current) {
    if (!c.speedup || *c.speedup <= c.cell.workers * (1 + margin) || series_done.contains(c.cell.series_key())) continue;
    series_done.insert(c.cell.series_key());
    for (std::size_t i = 0; i < cells_.size(); ++i) {
      if (cells_[i].series_key() != c.cell.series_key() || cells_[i].workers != 1) continue;
      auto why = fmt::format("baseline measured again: the {}-worker speedup {:.2f}x was above the {:.2f}x that {} "
                             "workers can give",
                             c.cell.workers, *c.speedup, c.cell.workers * (1 + margin), c.cell.workers);
      Terminal::instance().line(fmt::format("{}: {}", cells_[i].key(), why));
      measurements_[i]->restart(why);
      progress_->reopen(progress_task(cells_[i]));
      std::lock_guard lock(mutex_);
      finished_[i] = false;
      --done_;
      jobs.push_back(cell_job(i));
    }
  }
  if (jobs.empty()) return;
  scheduler_.run(std::move(jobs), [this] { return stopping(); });
}

Measured Measurer::run() {
  plan();
  std::vector<ProgressBoard::Task> pending;
  for (std::size_t i = 0; i < cells_.size(); ++i)
    if (!finished_[i]) pending.push_back(progress_task(cells_[i]));
  progress_ = std::make_unique<ProgressBoard>(pending, done_, static_cast<int>(request_.cpus.size()));
  std::vector<schedule::Job> jobs;
  for (auto& [key, group] : groups_) {
    if (group.pending.empty()) continue;
    if (group.resolved)
      for (auto index : group.pending) jobs.push_back(cell_job(index));
    else
      jobs.push_back(calibration_job(key));
  }
  Terminal::instance().line(fmt::format("measuring {} cells on {} cores ({} isolation){}", cells_.size() - done_,
                                        request_.cpus.size(), config::to_string(request_.measurement.isolation),
                                        done_ == 0 ? "" : fmt::format(", {} resumed", done_)));
  scheduler_.run(std::move(jobs), [this] { return stopping(); });
  if (!stopping()) remeasure_implausible_baselines();

  Measured out;
  for (std::size_t i = 0; i < cells_.size(); ++i) {
    if (finished_[i]) {
      out.cells.push_back(measurements_[i]->result());
      out.cells.back().iterations_source = groups_.at(group_key(cells_[i])).source;
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
  for (auto& c : out.cells) c.implausible = c.speedup && *c.speedup > c.cell.workers * (1 + margin);
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
