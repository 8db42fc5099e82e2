#include "compat/workload_races.hpp"

#include <algorithm>

#include "compat/race_tally.hpp"
#include "compat/thread_verdict.hpp"
#include "compat/tsan_report.hpp"

namespace gm::compat {

results::WorkloadRaces judge_workload_logs(const WorkloadLogs& logs) {
  results::WorkloadRaces out;
  out.build = logs.build;
  out.workload = logs.workload;
  out.package_set = logs.package_set;
  out.tsan_options = logs.tsan_options;
  out.log_dir = logs.dir.string();
  auto read = read_tsan_logs(logs.dir, "");
  out.logs = read.files;
  RaceTallies races;
  std::map<std::string, std::size_t> process_of;  // log file -> its index: a process each
  for (const auto& report : read.merged.reports) {
    auto [it, fresh] = process_of.try_emplace(report.log, process_of.size());
    races.add(report, logs.objects, it->second, true);
  }
  for (auto& [module, tally] : races.by_module) {
    auto found = tally.findings();
    out.in_modules.insert(out.in_modules.end(), found.begin(), found.end());
  }
  std::stable_sort(out.in_modules.begin(), out.in_modules.end(),
                   [](const auto& a, const auto& b) { return a.reports > b.reports; });
  out.in_cpython = races.in_cpython.findings();
  out.in_other_libraries = races.in_other_libraries.findings();
  std::map<std::string, int> hidden;
  for (const auto& hit : read.merged.suppressed) hidden[hit.rule] += hit.count;
  out.suppressions = suppression_counts(hidden, logs.user_rules, logs.user_rules_file);
  return out;
}

}  // namespace gm::compat
