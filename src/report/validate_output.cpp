#include "report/validate_output.hpp"

#include <fmt/format.h>

namespace gm::report {

std::string validate_line(const config::MatrixFileVerdict& verdict) {
  if (verdict.matrix)
    return fmt::format("{}: ok ({} builds, {} package sets, {} workloads)", verdict.file, verdict.matrix->builds.size(),
                       verdict.matrix->packages.size(), verdict.matrix->workloads.size());
  return fmt::format("{}: {} {}", verdict.file, verdict.errors.size(), verdict.errors.size() == 1 ? "error" : "errors");
}

nlohmann::json validate_json(const config::MatrixFileVerdict& verdict) {
  nlohmann::json out = {{"file", verdict.file}, {"ok", verdict.errors.empty()}, {"errors", verdict.errors}};
  if (verdict.matrix)
    out["counts"] = {{"builds", verdict.matrix->builds.size()},
                     {"packages", verdict.matrix->packages.size()},
                     {"workloads", verdict.matrix->workloads.size()}};
  return out;
}

}  // namespace gm::report
