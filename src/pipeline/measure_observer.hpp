#pragma once
// What the measuring loop (pipeline/measure_cells.hpp) tells the rest of the
// run as it goes; ninja's Status is the model. The loop only decides: the
// journal and the terminal are observers, and a test can be one.
//
// Observers are told in the order given, the journal first. Calls come from
// the scheduler's job threads: workload_described and cell_finished under the
// loop's lock, one at a time; the rest from any job, so an observer that keeps
// state guards it. An observer that cannot record a workload or a finished
// cell throws InfraError (the disk is full): measuring stops, and that cell is
// abandoned for every observer and not kept, so --resume measures it again.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "config/expand.hpp"
#include "config/matrix.hpp"
#include "results/model.hpp"

namespace gm {
class ProgressBoard;
}

namespace gm::pipeline {

struct MeasuringStart {
  std::vector<config::Cell> pending;  // the cells to measure, resumed ones left out
  std::size_t resumed = 0;
  std::size_t groups = 0;
  std::size_t cores = 0;
  config::Isolation isolation = config::Isolation::packed;
  double run_budget = 0;  // seconds; 0: none
};

class MeasureObserver {
 public:
  virtual ~MeasureObserver() = default;
  virtual void measuring(const MeasuringStart&) {}
  virtual void calibrating(const std::string& /*key*/, std::chrono::nanoseconds /*sample_time*/, int /*cpu*/) {}
  // A series' shared process ended badly: its cells are measured one process each.
  virtual void series_split(const std::string& /*series*/, results::CellStatus, const std::string& /*last_line*/) {}
  virtual void cell_started(const config::Cell&, const std::vector<int>& /*reserved*/) {}
  // Stopped without a result: interrupted, or set aside to be measured again later.
  virtual void cell_abandoned(const config::Cell&) {}
  // The group's rounds were set aside (implausible speedup): measured again from the start.
  virtual void cell_restarted(const config::Cell&, const std::string& /*why*/) {}
  virtual void round_set_aside(const std::string& /*group*/, const std::string& /*why*/,
                               std::chrono::milliseconds /*retry_in*/) {}
  virtual void workload_described(const results::WorkloadInfo&) {}
  virtual void cell_finished(const results::CellResult&) {}
  virtual void measured() {}  // no more events
};

// Appends each workload and finished cell to the run's journal (cells.jsonl).
class JournalObserver : public MeasureObserver {
 public:
  explicit JournalObserver(std::filesystem::path journal) : journal_(std::move(journal)) {}
  void workload_described(const results::WorkloadInfo& workload) override;
  void cell_finished(const results::CellResult& cell) override;

 private:
  std::filesystem::path journal_;
};

// Progress on stderr: the board of running cells (util/progress_board.hpp),
// a line per finished cell (report/cell_line.hpp) and per event.
class TerminalObserver : public MeasureObserver {
 public:
  TerminalObserver();
  ~TerminalObserver() override;
  void measuring(const MeasuringStart& start) override;
  void calibrating(const std::string& key, std::chrono::nanoseconds sample_time, int cpu) override;
  void series_split(const std::string& series, results::CellStatus status, const std::string& last_line) override;
  void cell_started(const config::Cell& cell, const std::vector<int>& reserved) override;
  void cell_abandoned(const config::Cell& cell) override;
  void cell_restarted(const config::Cell& cell, const std::string& why) override;
  void round_set_aside(const std::string& group, const std::string& why, std::chrono::milliseconds retry_in) override;
  void cell_finished(const results::CellResult& cell) override;
  void measured() override;

 private:
  std::unique_ptr<ProgressBoard> progress_;  // from measuring() to measured()
};

}  // namespace gm::pipeline
