#pragma once
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "results/model.hpp"

namespace gm::results {

// The records of results/model.hpp convert with nlohmann (json(record), j.get<Record>()); a whole
// run adds the tool's name, the schema version and the matrix around its members.
nlohmann::json to_json(const RunResults& results);
nlohmann::json cell_to_json(const CellResult& cell);
// Throws UsageError naming the file when it is not a gilmatrix results file
// or has a schema version this build does not read.
RunResults results_from_json(const nlohmann::json& j, const std::string& origin);
// Throws (std::exception) when `j` is not a complete, well-typed cell.
CellResult cell_from_json(const nlohmann::json& j);

// Files are always written with the current kSchemaVersion.
void save_results(const std::filesystem::path& path, const RunResults& results);
// A results.json, or a run's folder holding one. Throws UsageError when it
// cannot be read or is not a results file.
std::filesystem::path results_file(const std::filesystem::path& file_or_folder);
RunResults load_results(const std::filesystem::path& file_or_folder);

}  // namespace gm::results
