#pragma once
// A matrix's workload cells on sanitised builds: their runners log
// ThreadSanitizer's reports into the run's logs folder (a report does not fail
// the cell), and after measuring the reports are read back and blamed on the
// modules of the package set the workload ran with (docs/THREAD_SAFETY.md,
// "Workloads on a sanitised build").
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "config/matrix.hpp"
#include "measure/runner_invocation.hpp"
#include "pipeline/compatibility.hpp"
#include "pipeline/prepared_build.hpp"
#include "results/model.hpp"

namespace gm::pipeline {

class WorkloadSanitizer {
 public:
  // The sanitised builds among `builds`; their suppressions files (the
  // build's own and the user's, `settings`) are written under `dir`.
  WorkloadSanitizer(const std::vector<PreparedBuild>& builds, const config::StressSettings& settings,
                    const std::filesystem::path& dir);

  // Every sanitised build's runners get TSAN_OPTIONS with a log per process.
  void arm(measure::MeasureContext& context) const;
  // Per sanitised build and workload that measured: its reports, blamed.
  std::vector<results::WorkloadRaces> judge(const measure::MeasureContext& context,
                                            const std::vector<results::CellResult>& cells,
                                            const std::map<std::string, std::string>& workload_package_sets,
                                            const CompatibilityResults& compatibility) const;

 private:
  std::map<std::string, std::filesystem::path> suppressions_;  // build -> its combined file
  std::vector<std::string> user_rules_;
  std::string user_rules_file_;
};

}  // namespace gm::pipeline
