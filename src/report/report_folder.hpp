#pragma once
#include <filesystem>

#include "results/model.hpp"

namespace gm::report {

// Writes report.md and its SVG charts into `dir` (beside results.json),
// replacing charts an earlier rendering left there.
void write_report_folder(const std::filesystem::path& dir, const results::RunResults& results);

}  // namespace gm::report
