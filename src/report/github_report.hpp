#pragma once
// The `github` format: workflow-command annotations for the log and the
// Markdown for the job's step summary.
#include <string>

#include "results/compare.hpp"
#include "results/model.hpp"

namespace gm::report {

// ::error for each build that could not be had, failed install, module that
// re-enables the GIL (or crashes, hangs, fails to import) and failed cell;
// one ::warning for the unstable and disturbed cells; with `against`, an
// ::error per regression and a ::warning per comparison warning. At most
// `limit` lines, then one line saying how many more there are.
std::string run_annotations(const results::RunResults& results, const results::Comparison* against = nullptr,
                            std::size_t limit = 50);

// Headline, compatibility verdicts, problems and (with `against`) what changed.
std::string run_step_summary(const results::RunResults& results, const results::Comparison* against = nullptr);

// ::error per regression the gate counts, ::warning per warning and regression it does not.
std::string comparison_annotations(const results::Comparison& comparison, results::Gate gate, std::size_t limit = 50);

}  // namespace gm::report
