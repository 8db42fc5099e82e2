#include "config/validation.hpp"

#include "config/loader.hpp"
#include "util/error.hpp"

namespace gm::config {

MatrixFileVerdict validate_matrix_file(const std::filesystem::path& file) {
  MatrixFileVerdict verdict{file.string(), std::nullopt, {}};
  try {
    verdict.matrix = load_matrix(file);
  } catch (const UsageErrors& e) {
    verdict.errors = e.messages;
  } catch (const UsageError& e) {
    verdict.errors = {e.what()};
  }
  return verdict;
}

}  // namespace gm::config
