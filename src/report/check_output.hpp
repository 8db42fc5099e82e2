#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "report/portable_paths.hpp"
#include "results/check_results.hpp"

// The formats of `gilmatrix check`: text for a terminal, Markdown, JSON, and
// GitHub Actions annotations. Each returns what goes to stdout.
namespace gm::report {

// "3.13t: Python 3.13.15 free-threaded (/path/python3)", or why the build is missing.
std::string check_build_line(const results::CheckResults& check, const results::BuildRecord& build);

// Per build: failed installs with the line that says why, then each module's
// verdict, fix and reproduce command; the summary last. Made printable().
std::string check_text(const results::CheckResults& check);

std::string check_markdown(const results::CheckResults& check, const PortablePaths& paths);

nlohmann::json check_json(const results::CheckResults& check);

// One ::error/::warning line per missing build, failed install and problem module.
std::string check_annotations(const results::CheckResults& check);

}  // namespace gm::report
