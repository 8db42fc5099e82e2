#pragma once
// `validate`'s verdict on a matrix file, for the terminal and as JSON.
#include <string>

#include <nlohmann/json.hpp>

#include "config/validation.hpp"

namespace gm::report {

// "FILE: ok (N builds, N package sets, N workloads)" or "FILE: N errors" (the errors go to stderr apart).
std::string validate_line(const config::MatrixFileVerdict& verdict);
// {"file", "ok", "errors", "counts": {builds, packages, workloads} when valid}
nlohmann::json validate_json(const config::MatrixFileVerdict& verdict);

}  // namespace gm::report
