#pragma once
// `gilmatrix bisect MATRIX --build NAME`: which commit of CPython's history
// (the build's git source) changed a cell or a module's verdict? Each tested
// commit is built (ccache makes a rebuild after a small change cheap; a commit
// that does not build is skipped), then the matrix, narrowed to that build and
// the chosen cell, is run as `run` runs it, in its own folder. The search is
// bisect/search.hpp; how a measured value decides a commit, bisect/value_side.hpp.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "bisect/result.hpp"
#include "config/matrix.hpp"
#include "pipeline/prepared_build.hpp"

namespace gm::pipeline {

enum class BisectWhen { verdict, status, speedup, time };

struct CpythonBisectRequest {
  config::Matrix matrix;     // narrowed by the selection options: its one build has a git source
  std::string good, bad;     // refs of that repository
  bool all_parents = false;  // descend into merged branches
  BisectWhen when = BisectWhen::speedup;
  std::optional<std::string> module;  // --when verdict: judge only this module
  // --when speedup|time: measurements of one commit before it is undecided,
  // each with twice the rounds of the one before.
  int measurements = 3;
  std::filesystem::path out_dir;  // one run folder per tested commit and measurement, and bisect.json
  bool resume = false;            // go on from out_dir/bisect.json, written after every step
  // Build a commit whose build failed before again (by default its recorded failure is given at once).
  bool rebuild_failed = false;
  std::vector<std::string> argv;  // the bisect's own command line
};

const char* to_string(BisectWhen when);

// Exit: 0 the first bad commit was found; 1 the ends do not differ, or the
// first bad commit is hidden among skipped or undecided commits; 2 a usage
// error (thrown); 3 the good end does not build or the source cannot be had;
// 130 interrupted.
bisect::Result bisect_cpython(const CpythonBisectRequest& request, Workspace& workspace);

// The cell a bisect follows among the matrix's cells: the one with the most
// workers (its speedup is against the 1-worker cell of its series). A
// UsageError when the selection leaves more than one series.
config::Cell followed_cell(const std::vector<config::Cell>& cells, BisectWhen when);

}  // namespace gm::pipeline
