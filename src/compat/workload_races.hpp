#pragma once
// ThreadSanitizer's reports from a matrix's workload cells on a sanitised
// build: the runner processes log them (TSAN_OPTIONS log_path in the
// workload's log folder, exitcode=0 so that a report does not fail the
// cell's measurement), and they are read back after measuring and blamed
// like a stress run's, on the module whose code is on the stack.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "results/thread_safety.hpp"

namespace gm::compat {

struct WorkloadLogs {
  std::string build;
  std::string workload;
  std::string package_set;                     // the environment the workload ran in ("" : the build's own)
  std::filesystem::path dir;                   // its TSan logs, every file in it
  std::map<std::string, std::string> objects;  // the set's extension modules: shared object file name -> module
  std::vector<std::string> user_rules;         // from the user's suppressions file
  std::string user_rules_file;
  std::string tsan_options;  // as the cells had them
};

results::WorkloadRaces judge_workload_logs(const WorkloadLogs& logs);

}  // namespace gm::compat
