#pragma once
#include <filesystem>
#include <string>

namespace gm::harness {

// Writes the embedded scripts into `cache_root`/harness/<content hash>/ (once;
// later calls and concurrent runs reuse it) and returns that directory.
std::filesystem::path materialize_scripts(const std::filesystem::path& cache_root);

// Path of one script inside a materialized directory; throws if unknown.
std::filesystem::path script_path(const std::filesystem::path& directory, const std::string& name);

}  // namespace gm::harness
