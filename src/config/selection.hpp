#pragma once
// Narrowing a matrix from the command line (`run` and `plan`): --build,
// --workload, --executor, --gil-mode choose among what the matrix defines;
// --workers and --repeats replace its values.
#include <optional>
#include <string>
#include <vector>

#include "config/expand.hpp"
#include "config/matrix.hpp"

namespace gm::config {

struct Selection {
  std::vector<std::string> builds;     // names or shell-style patterns ("3.13*")
  std::vector<std::string> workloads;  // names or patterns
  std::vector<std::string> executors;  // threads, processes, interpreters
  std::vector<std::string> gil_modes;  // default, off, on
  std::vector<std::string> workers;    // counts or "all"; replace the matrix's (1 is still measured)
  std::optional<int> repeats;          // replaces the matrix's

  bool empty() const;
  // The parts that narrow what is measured, as options: {"--build 3.13t", "--workload a,b"}.
  std::vector<std::string> narrowing() const;
};

// Applies the selection to `matrix`. A part that selects nothing (a name or
// pattern no build or workload has, an executor or GIL mode no workload uses,
// a combination that leaves no workload) is a UsageError naming what exists.
// --workload keeps only the package sets the chosen workloads run in.
void apply_selection(Matrix& matrix, const Selection& selection);

// After expansion: a selection that leaves no cell (e.g. --gil-mode off with
// only GIL builds) is a UsageError saying why.
void check_selection_leaves_cells(const Selection& selection, const Expansion& expansion);

}  // namespace gm::config
