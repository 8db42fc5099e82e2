#pragma once
// `validate`: a matrix file read as `run` would read it, every error kept
// instead of thrown.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/matrix.hpp"

namespace gm::config {

struct MatrixFileVerdict {
  std::string file;
  std::optional<Matrix> matrix;     // when it is valid
  std::vector<std::string> errors;  // "FILE:LINE:COL: message"
};

MatrixFileVerdict validate_matrix_file(const std::filesystem::path& file);

}  // namespace gm::config
