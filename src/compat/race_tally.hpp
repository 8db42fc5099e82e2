#pragma once
// Distinct ThreadSanitizer reports counted over several processes (the runs
// of a stress check, the rounds of a workload cell): one RaceFinding per kind
// and top frames (report_identity), with how often and in how many
// processes it was seen.
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "compat/tsan_report.hpp"
#include "results/thread_safety.hpp"

namespace gm::compat {

class RaceTally {
 public:
  // One report as `where` attributes it, from process `run`; `as_built`: the
  // build chose the GIL itself (PYTHON_GIL unset) in that process.
  void add(const TsanReport& report, const Attribution& where, std::size_t run, bool as_built);
  // Most reports first; runs and forced_off_only filled in.
  std::vector<results::RaceFinding> findings() const;

 private:
  struct Tally {
    results::RaceFinding finding;
    std::set<std::size_t> runs;
    bool seen_as_built = false;
  };
  std::map<std::string, Tally> tallies_;
};

// Where the reports of a set of processes go: blamed on a module, in
// CPython itself, or in a shared object no module owns.
struct RaceTallies {
  std::map<std::string, RaceTally> by_module;
  RaceTally in_cpython;
  RaceTally in_other_libraries;
  // Attributes `report` against `objects` (shared object file name -> module) and counts it.
  void add(const TsanReport& report, const std::map<std::string, std::string>& objects, std::size_t run, bool as_built);
};

}  // namespace gm::compat
