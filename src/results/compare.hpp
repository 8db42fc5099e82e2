#pragma once
// What changed between two runs: compatibility verdicts that flipped, speedups
// that moved beyond their own noise, builds and cells that came or went.
#include <string>
#include <vector>

#include "results/model.hpp"

namespace gm::results {

enum class Severity { regression, improvement, warning, info };
// Which gate a change counts for: `run` (a build or cell that stopped working)
// counts for both the compatibility and the scaling gate.
enum class Area { compatibility, scaling, run };
enum class Gate { all, compatibility, scaling };

const char* to_string(Severity severity);
const char* to_string(Area area);
const char* to_string(Gate gate);

struct Change {
  Severity severity = Severity::info;
  Area area = Area::run;
  std::string kind;  // "module", "install", "together", "thread safety", "distribution", "build", "cell", "speedup",
                     // "gil after", "cells"
  std::string build;
  std::string subject;  // module, requirement, cell key, build name
  std::string before;   // e.g. "keeps GIL disabled"; empty when it did not exist
  std::string after;
  std::string message;  // one sentence naming subject, build and both values
};

struct CompareOptions {
  // Speedups without intervals on both sides differ when they are more than
  // this fraction apart (0.10: 10%); with intervals, when the intervals do not
  // overlap. Disturbed or implausible cells, and unstable ones without
  // intervals, only give warnings.
  double threshold = 0.10;
};

// A cell present in either run whose speedup could not decide the scaling
// gate, and why: disturbed or implausible on a side, missing from one run, or
// outside the selection a run was made with.
struct NotGated {
  std::string cell;
  std::string why;
};

struct Comparison {
  std::string before_label;  // how the two runs are named in output ("nightly/old (2026-11-20T02:00:00Z)")
  std::string after_label;
  std::vector<Change> changes;     // regressions first, then improvements, warnings, other changes
  std::vector<std::string> notes;  // different machines, different matrix files
  std::size_t compared_cells = 0;  // cells whose change could decide the gates
  std::vector<NotGated> not_gated;
  std::size_t compared_modules = 0;

  bool counts(const Change& change, Gate gate) const;
  std::size_t count(Severity severity, Gate gate = Gate::all) const;
  bool regressed(Gate gate) const { return count(Severity::regression, gate) > 0; }
};

Comparison compare_results(const RunResults& before, const RunResults& after, const CompareOptions& options = {});

// How two speedups relate: -1 the second is lower beyond noise, +1 higher, 0 no difference.
int compare_speedups(const CellResult& before, const CellResult& after, double threshold);

// "1.98x [1.91, 2.03]" or "1.98x".
std::string speedup_with_interval(const CellResult& cell);

}  // namespace gm::results
