#pragma once
#include "results/model.hpp"
#include "util/output_folder.hpp"

namespace gm::report {

// Writes report.md and its SVG charts into `folder` (beside results.json),
// removing charts an earlier rendering by gilmatrix left there that this one
// does not draw; files gilmatrix did not write stay.
void write_report_folder(OutputFolder& folder, const results::RunResults& results);

}  // namespace gm::report
