#pragma once
// One cell measured in rounds (each a fresh runner process): rounds on which
// other processes took too much of the watched cores are set aside and the
// cell is measured again later; with repeats = "auto", rounds are added until
// the median is known precisely enough or the cell's time budget is spent.
// The policy is separate from running processes so it is tested with fake rounds.
#include <string>
#include <vector>

#include "config/expand.hpp"
#include "measure/interference.hpp"
#include "measure/runner_invocation.hpp"
#include "results/model.hpp"

namespace gm::measure {

struct MeasurePolicy {
  config::Repeats repeats;
  int max_samples = 40;
  double precision = 0.02;
  double budget_seconds = 20;
  double interference_limit = 0.10;
  int attempts = 3;
  double unstable_cv = 0.10;

  static MeasurePolicy of(const config::Cell& cell, const config::Measurement& measurement, double unstable_cv);
};

// What one round gave: the runner's outcome and, from its samples, the load on the watched cores.
struct Round {
  RunnerOutcome outcome;
  std::vector<int> cpus;     // the cell was pinned to these
  std::vector<int> watched;  // and the load on these was watched
  CoreLoad load;
};

class CellMeasurement {
 public:
  enum class Next { done, measure_more, retry_later };

  CellMeasurement(config::Cell cell, MeasurePolicy policy);
  // A cell finished earlier (--resume); restart() can still measure it again.
  CellMeasurement(results::CellResult finished, MeasurePolicy policy);

  Next add(Round round);
  // Samples the next round should take.
  int next_repeats() const;
  // Rounds set aside because others used the cores.
  int disturbed_rounds() const { return disturbed_rounds_; }
  // Sets every attempt so far aside (e.g. a baseline whose speedups were
  // implausible) and starts again.
  void restart(const std::string& why);

  const results::CellResult& result() const { return result_; }
  const config::Cell& cell() const { return result_.cell; }

 private:
  void keep();
  void finish_disturbed();
  Next after_kept();

  MeasurePolicy policy_;
  results::CellResult result_;
  CoreLoad kept_load_;
  int disturbed_rounds_ = 0;
};

// Runs one round of `cell` pinned to `cpus`, watching `watched` for others' load.
Round measure_round(const MeasureContext& context, const config::Cell& cell, const std::filesystem::path& python,
                    const std::filesystem::path& workload, const std::vector<int>& cpus,
                    const std::vector<int>& watched, int repeats);

}  // namespace gm::measure
