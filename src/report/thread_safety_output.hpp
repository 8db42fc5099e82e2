#pragma once
// The thread-safety verdicts of `check --stress` (and of a sanitised build)
// as text, Markdown, JSON and GitHub annotations.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "results/thread_safety.hpp"

namespace gm::report {

// The lines for one build's stress runs, indented under check_text's build line.
std::string thread_safety_text(const results::StressSummary& build,
                               const std::vector<results::ThreadSafetyCheck>& modules);

std::string thread_safety_markdown(const std::vector<results::StressSummary>& builds,
                                   const std::vector<results::ThreadSafetyCheck>& modules);

nlohmann::json thread_safety_json(const std::vector<results::StressSummary>& builds,
                                  const std::vector<results::ThreadSafetyCheck>& modules);

// An error annotation per module that races, crashes or hangs, on its source
// line where ThreadSanitizer named one; a warning per broad suppression rule.
std::string thread_safety_annotations(const std::vector<results::StressSummary>& builds,
                                      const std::vector<results::ThreadSafetyCheck>& modules);
std::vector<std::string> thread_safety_annotation_lines(const std::vector<results::StressSummary>& builds,
                                                        const std::vector<results::ThreadSafetyCheck>& modules);

// ThreadSanitizer's reports from workload cells on sanitised builds: a table
// of every distinct report (blamed on a module, in CPython itself, in another
// library), the raw first report of each blamed one; "" when there are none.
std::string workload_races_markdown(const std::vector<results::WorkloadRaces>& workloads);
// One line per distinct report blamed on a module, for the terminal.
std::vector<std::string> workload_races_lines(const std::vector<results::WorkloadRaces>& workloads);
// An error annotation per distinct report blamed on a module, on its source line.
std::vector<std::string> workload_race_annotation_lines(const std::vector<results::WorkloadRaces>& workloads);

// The report's first-screen line when a module failed under threads in a run:
// each module with a race, crash or hang from the package sets' stress runs or
// a ThreadSanitizer report blamed on it in a workload, and where to read more;
// "" when none did.
std::string thread_safety_headline(const std::vector<results::ThreadSafetyCheck>& modules,
                                   const std::vector<results::WorkloadRaces>& workloads);

// "race: 1 distinct report (12 in 10 runs), top: add racy_counter.c:9"
std::string verdict_phrase(const results::ThreadSafetyCheck& check);

}  // namespace gm::report
