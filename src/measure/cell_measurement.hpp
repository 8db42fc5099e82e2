#pragma once
// What one cell has gathered so far: its kept rounds, the rounds set aside
// and why, its failure if it failed. Which rounds to keep and when to stop is
// decided for the cell's whole round group (measure/paired_group.hpp); this
// class only records, so both are tested with fake rounds.
#include <string>
#include <vector>

#include "config/expand.hpp"
#include "measure/interference.hpp"
#include "measure/runner_invocation.hpp"
#include "results/model.hpp"

namespace gm::measure {

// Samples each cell takes in one round (the round's figure is their median,
// for two their mean). Two: the cells of a series share one process a round
// (measure/series_round.hpp), so a round pays one runner start for all of
// them, and two samples a side in mirrored order (A B B A) cancel a drift of
// the host within the round (docs/MEASUREMENT.md).
inline constexpr int kSamplesPerRound = 2;

struct MeasurePolicy {
  config::Repeats repeats;
  // The matrix's: precision, cell budget, interference limit, attempts, plausible margin.
  config::Measurement settings;
  int max_samples = settings.max_samples;  // and at least the cell's repeats
  double unstable_cv = config::Defaults{}.unstable_cv;
  int samples_per_round = kSamplesPerRound;

  double budget_seconds() const { return std::chrono::duration<double>(settings.cell_budget).count(); }

  static MeasurePolicy of(const config::Cell& cell, const config::Measurement& measurement, double unstable_cv);
};

// What one round gave: the runner's outcome and, from its samples, the load on the watched cores.
struct Round {
  RunnerOutcome outcome;
  std::vector<int> cpus;           // the cell was pinned to these
  std::vector<int> watched;        // and the load on these was watched
  std::size_t layout_padding = 0;  // the process's environment padding (measure/process_layout.hpp)
  CoreLoad load;
};

class CellMeasurement {
 public:
  CellMeasurement(config::Cell cell, MeasurePolicy policy);
  // A cell finished earlier (--resume); restart() can still measure it again.
  CellMeasurement(results::CellResult finished, MeasurePolicy policy);

  // True when the round did not measure (the runner failed, crashed, timed
  // out, ...): that is the cell's result, and it takes no more rounds.
  bool record_failure(const Round& round);
  bool failed() const { return failed_; }
  // Others or the hypervisor took more of the watched cores than allowed.
  bool disturbed(const Round& round) const;
  void set_aside(const Round& round, int round_number, std::string note);
  void keep(const Round& round, int round_number);
  // Others' and the hypervisor's share of the round set aside as `round_number`; -1 when there is none.
  double interference_of(int round_number) const;
  // Every round was disturbed: publish the one set aside as `round_number`, flagged.
  void keep_disturbed(int round_number, const std::string& why);
  void set_stop_reason(std::string why) { result_.stop_reason = std::move(why); }
  void set_round_group(std::string name) { result_.round_group = std::move(name); }
  // Sets every kept attempt aside with `why` and starts again (a speedup
  // that was implausible is measured again).
  void restart(const std::string& why);

  int kept_samples() const { return static_cast<int>(result_.samples.size()); }
  double measured_seconds() const;  // kept samples' time
  const results::CellResult& result() const { return result_; }
  const config::Cell& cell() const { return result_.cell; }
  const MeasurePolicy& policy() const { return policy_; }

 private:
  void record(const Round& round, results::Attempt attempt);

  MeasurePolicy policy_;
  results::CellResult result_;
  CoreLoad kept_load_;
  bool failed_ = false;
};

// The first of `reserved` that `cell` runs on (one per worker; one for asyncio).
std::vector<int> cores_for(const config::Cell& cell, const std::vector<int>& reserved);

// The runner call that measures `cell` pinned to `cpus`, watching `watched`
// for others' load: everything but which samples it takes.
RunnerCall measuring_call(const MeasureContext& context, const config::Cell& cell, const std::filesystem::path& python,
                          const std::filesystem::path& workload, const std::vector<int>& cpus,
                          const std::vector<int>& watched);

// Runs one round of `cell` pinned to `cpus`, watching `watched` for others'
// load, its environment padded by `layout_padding` bytes.
Round measure_round(const MeasureContext& context, const config::Cell& cell, const std::filesystem::path& python,
                    const std::filesystem::path& workload, const std::vector<int>& cpus,
                    const std::vector<int>& watched, int repeats, std::size_t layout_padding);

}  // namespace gm::measure
