#pragma once
#include <CLI/CLI.hpp>

#include "config/matrix.hpp"
#include "config/selection.hpp"

namespace gm::cli {

// --build, --workload, --executor, --gil-mode, --workers, --repeats: narrowing
// a matrix from the command line (`run` and `plan`).
struct SelectionOptions {
  config::Selection selection;  // all but repeats, filled by CLI11
  int repeats = 0;              // 0: the matrix's

  void add_to(CLI::App* command);
  config::Selection chosen() const;
  // Applies the selection; a part that selects nothing is a UsageError naming what exists.
  void apply(config::Matrix& matrix) const { config::apply_selection(matrix, chosen()); }
};

}  // namespace gm::cli
