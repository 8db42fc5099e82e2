#pragma once
#include <filesystem>
#include <string_view>

#include "config/matrix.hpp"

namespace gm::config {

// Reads and validates a matrix file. Problems are thrown together as one
// UsageErrors, one message per problem, each starting with "FILE:LINE:COL:"
// and, for a misspelt key, suggesting the nearest valid one (a TOML syntax
// error stops the reading: only that one is reported). Relative paths in the
// file are resolved against the file's directory.
Matrix load_matrix(const std::filesystem::path& file);
Matrix parse_matrix(std::string_view text, const std::filesystem::path& file);

}  // namespace gm::config
