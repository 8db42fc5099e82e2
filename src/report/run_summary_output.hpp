#pragma once
// `run --format json`'s stdout: where the results and the report are, the
// exit code, each build (build_list_output's shape), the cells counted by
// status, and the cells that fail only with the GIL forced off.
#include <filesystem>

#include <nlohmann/json.hpp>

#include "results/model.hpp"
#include "util/error.hpp"

namespace gm::report {

nlohmann::json run_summary_json(const results::RunResults& run, const std::filesystem::path& out_dir,
                                ExitCode exit_code);

}  // namespace gm::report
