#pragma once
// The measuring phase planned before anything runs, from the cells alone:
// which cells an earlier part of the run finished (--resume), which cells are
// calibrated together and what is already known of their iterations, and
// which cells share paired rounds. Pure: no process, file or clock.
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "config/expand.hpp"
#include "measure/paired_group.hpp"
#include "results/model.hpp"

namespace gm::pipeline {

// Every worker count of a build and workload uses the same iterations (weak
// scaling), so they are calibrated once, together.
struct CalibrationPlan {
  std::vector<std::size_t> cells;  // indexes into the cells, still to measure
  int iterations = 0;              // 0: the workload's own ITERATIONS
  std::string source;              // "matrix", "workload", "calibrated", or a resumed cell's
  bool resolved = false;           // false: still to be calibrated
};

// Cells compared with each other are measured in the same rounds: one
// workload and executor on one build and its free-threaded twin.
struct RoundGroupPlan {
  std::vector<std::size_t> cells;               // indexes into the cells, in cell order
  std::set<std::string> calibrations;           // keys of the calibrations it waits for
  std::vector<measure::OverheadPair> overhead;  // members whose 1-worker cells give the overhead
};

struct MeasurePlan {
  std::vector<const results::CellResult*> resumed;  // per cell: its earlier result, or null
  std::map<std::string, CalibrationPlan> calibrations;
  std::map<std::string, RoundGroupPlan> groups;
  std::size_t resumed_count() const;
  std::size_t grouped_cells() const;  // cells in round groups: those still to measure
};

std::string calibration_key(const config::Cell& cell);
// A cell's round group: its workload and executor on its build, or on the
// build it is `measured_with`, or on its GIL twin.
std::string round_group_key(const config::Cell& cell, const std::map<std::string, std::string>& gil_twin_of,
                            const std::map<std::string, std::string>& measured_with = {});

// `resumed` must outlive the plan (its cells are pointed to). A resumed cell
// lends its iterations to the rest of its calibration, so a resumed run
// measures with what the earlier part used. `measured_with` joins builds'
// round groups without making them an overhead pair (only GIL twins are).
MeasurePlan plan_measurement(const std::vector<config::Cell>& cells, const std::vector<results::CellResult>& resumed,
                             const std::map<std::string, std::string>& gil_twin_of,
                             const std::map<std::string, std::string>& measured_with = {});

}  // namespace gm::pipeline
