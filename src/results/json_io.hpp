#pragma once
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "results/model.hpp"

namespace gm::results {

nlohmann::json to_json(const RunResults& results);
nlohmann::json cell_to_json(const CellResult& cell);
nlohmann::json module_checks_to_json(const std::vector<ModuleCheck>& checks);
// Throws UsageError naming the file when it is not a gilmatrix results file
// or has a schema version this build does not read.
RunResults results_from_json(const nlohmann::json& j, const std::string& origin);
CellResult cell_from_json(const nlohmann::json& j);

// Files are always written with the current kSchemaVersion.
void save_results(const std::filesystem::path& path, const RunResults& results);
// A results.json, or a run's folder holding one. Throws UsageError when it
// cannot be read or is not a results file.
std::filesystem::path results_file(const std::filesystem::path& file_or_folder);
RunResults load_results(const std::filesystem::path& file_or_folder);

// cells.jsonl beside results.json: one line per finished cell, appended as it
// finishes, so an interrupted run loses nothing and `--resume` can skip it.
// Workload descriptions (what calibration learnt) are journaled too, so a
// resumed run still knows what each workload expects.
struct Journal {
  std::vector<CellResult> cells;  // later lines for the same key replace earlier ones
  std::vector<WorkloadInfo> workloads;
};
void append_cell(const std::filesystem::path& journal, const CellResult& cell);
void append_workload(const std::filesystem::path& journal, const WorkloadInfo& workload);
Journal read_journal(const std::filesystem::path& journal);

}  // namespace gm::results
