#pragma once
// The measuring phase of a run: calibrate each build and workload, measure
// the cells in groups of interleaved, paired rounds (measure/paired_group.hpp)
// on the core scheduler (packed or exclusive), set aside and re-measure rounds
// that other processes disturbed, measure again a group whose speedup is
// physically implausible, share a run budget among the groups furthest from
// the precision target. What it plans is pipeline/measure_plan.hpp; what it
// tells as it goes (the journal, the terminal) pipeline/measure_observer.hpp.
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "config/expand.hpp"
#include "config/matrix.hpp"
#include "measure/runner_invocation.hpp"
#include "pipeline/measure_observer.hpp"
#include "results/model.hpp"

namespace gm::pipeline {

struct MeasureRequest {
  const config::Matrix& matrix;
  config::Measurement measurement;  // the matrix's, with command-line overrides
  std::vector<config::Cell> cells;
  std::function<std::filesystem::path(const config::Cell&)> python_for;
  std::vector<int> cpus;                     // usable cores
  std::filesystem::path journal;             // cells.jsonl
  std::vector<results::CellResult> resumed;  // finished earlier (--resume)
  std::vector<results::WorkloadInfo> resumed_workloads;
  // Free-threaded build -> the GIL build it differs from only in --disable-gil:
  // their cells are measured in the same paired rounds (overhead).
  std::map<std::string, std::string> gil_twin_of;
  // Further builds measured in the same paired rounds as another: build ->
  // the build it goes with (`bisect`: a commit beside both ends).
  std::map<std::string, std::string> measured_with;
  // The pause before a disturbed group's first retry; it doubles with each
  // further disturbed round (retry_delay).
  std::chrono::milliseconds first_retry_delay{3000};
};

struct Measured {
  std::vector<results::CellResult> cells;  // in the order of request.cells; speedups computed
  std::vector<results::WorkloadInfo> workloads;
  std::vector<std::string> notes;
  std::string stopped;  // why measuring stopped early (the disk is full); empty otherwise
};

// A disturbed round is measured again after a pause that doubles each time (up
// to 16 times the first), so a burst of other work has a chance to end; other
// cells go meanwhile.
std::chrono::milliseconds retry_delay(int disturbed_rounds, std::chrono::milliseconds first);

// Journals to request.journal and shows progress on the terminal.
Measured measure_cells(const MeasureRequest& request, const measure::MeasureContext& context);
// Tells `observers`, in order, and nobody else (MeasureObserver says what they are told).
Measured measure_cells(const MeasureRequest& request, const measure::MeasureContext& context,
                       const std::vector<MeasureObserver*>& observers);

}  // namespace gm::pipeline
