#pragma once
#include <filesystem>
#include <string_view>

#include "config/matrix.hpp"

namespace gm::config {

// Reads and validates a matrix file. Every problem is a UsageError whose
// message starts with "FILE:LINE:COL:" and, for a misspelt key, suggests the
// nearest valid one. Relative paths in the file are resolved against the
// file's directory.
Matrix load_matrix(const std::filesystem::path& file);
Matrix parse_matrix(std::string_view text, const std::filesystem::path& file);

}  // namespace gm::config
