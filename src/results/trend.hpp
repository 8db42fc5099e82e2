#pragma once
// Many runs of one matrix over time (nightly results): each series' speedup
// run by run, and the runs on which a verdict flipped.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "results/compare.hpp"
#include "results/model.hpp"

namespace gm::results {

struct TrendInput {
  std::string origin;  // the file it was read from
  RunResults results;
};

struct TrendPoint {
  std::optional<double> speedup;  // none: the cell was not measured that run
  std::optional<Interval> interval;
  bool doubtful = false;  // wider than the run's precision target, disturbed or implausible
};

struct TrendSeries {
  std::string workload;
  std::string build;
  std::string executor;
  std::string gil_mode;
  std::vector<TrendPoint> points;  // one per run, in run order

  std::string name() const;  // "3.13t threads" or "3.13t threads, GIL off"
};

struct TrendRun {
  std::string origin;
  std::string started_at;
  std::string label;  // "2026-11-20 02:00"
};

struct VerdictFlip {
  std::size_t run = 0;  // the run where the new verdict was first seen
  Change change;
};

struct Trend {
  std::vector<TrendRun> runs;          // oldest first
  std::vector<std::string> workloads;  // in first-seen order
  std::map<std::string, int> workers;  // per workload: the worker count the series show
  std::vector<TrendSeries> series;     // grouped by workload
  std::vector<VerdictFlip> flips;      // module, install and build changes between consecutive runs
  // Runs of different matrices; builds absent from some runs (an absence is not a change).
  std::vector<std::string> notes;
};

// Runs are ordered by start time. Per workload, the series show the speedup at
// the largest worker count the newest run measured for it.
Trend compute_trend(std::vector<TrendInput> inputs);

}  // namespace gm::results
