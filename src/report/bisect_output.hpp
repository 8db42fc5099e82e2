#pragma once
// The formats of `gilmatrix bisect`: text for a terminal, Markdown and JSON.
// Each returns what goes to stdout.
#include <string>

#include <nlohmann/json.hpp>

#include "bisect/result.hpp"
#include "util/error.hpp"

namespace gm::report {

// The tested commits (ends first, then in the order tested) with their
// results, and the answer: the first bad commit, the range that commits which
// did not install hide, or why the search stopped. Made printable().
std::string bisect_text(const bisect::Result& result);

// What testing one commit cost, as the terminal and the tables say it: "41s"
// (a package's commit), "built in 95s, 2 measurements in 45s", "build from
// the cache, 1 measurement in 30s", "the build failed after 60s".
std::string step_cost(const bisect::TestedCommit& t);

std::string bisect_markdown(const bisect::Result& result);

nlohmann::json bisect_json(const bisect::Result& result);

// `bisect --resume`: the commits tested by an earlier run of the same bisect,
// read back from the bisect.json it wrote after each step, onto `result`
// (whose range, build and `when` are this run's). The ends first, then in
// the order tested. An error when the file is another bisect's.
Expected<void> restore_tested(const nlohmann::json& saved, bisect::Result& result);

// CPython form, --when speedup|time: the value of each tested commit along
// the history (oldest first) with its interval, good and bad commits as two
// series, undecided ones hollow. Empty when no commit has a value.
std::string bisect_chart_svg(const bisect::Result& result);

// GitHub Actions: one annotation with the answer (a notice naming the first
// bad commit; a warning for a range or a search that stopped).
std::string bisect_annotation(const bisect::Result& result);

}  // namespace gm::report
