#pragma once
// Cells that fail only when the GIL is forced off: the same workload, build,
// executor and worker count measured with the GIL as the build chooses (or
// forced on), and failed with PYTHON_GIL=0. On a free-threaded build that is
// the signature of an extension module that re-enables the GIL because it is
// not thread-safe without it (e.g. a SystemError from pyrsistent's pvectorc
// under PYTHON_GIL=0 with 2 threads); the evidence a maintainer needs is the
// verdicts of the extension modules in the environment the workload ran in.
#include <string>
#include <vector>

#include "results/model.hpp"

namespace gm::results {

struct ForcedOffFailure {
  const CellResult* cell = nullptr;
  std::vector<std::string> measured_modes;  // GIL modes the same cell measured with: "default", "on"
  std::string package_set;                  // the workload's; empty when it ran in no package set
  std::vector<const ModuleCheck*> modules;  // that set's extension modules checked on the cell's build
};

std::vector<ForcedOffFailure> failures_only_with_gil_forced_off(const RunResults& run);

}  // namespace gm::results
