#pragma once
// The builds as `build` lists them (one line or one object each) and as
// `run --format json`'s summary names them: one shape for a build in the
// commands' JSON, the record's name, status, reason, origin and interpreter.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "results/model.hpp"

namespace gm::report {

struct ListedBuild {
  const results::BuildRecord* record;
  bool built_now = false;  // compiled by this command, not taken from the cache
  bool skipped = false;    // missing, and --skip-missing allows it
};

// {"name", "status", "reason", "origin", "python", "skipped"}
nlohmann::json build_entry_json(const results::BuildRecord& record, bool skipped);

// NAME<TAB>PYTHON, or NAME<TAB>[skipped: ]STATUS: REASON; one line per build.
std::string build_list_text(const std::vector<ListedBuild>& builds);
// build_entry_json of each, with "built_now".
nlohmann::json build_list_json(const std::vector<ListedBuild>& builds);

}  // namespace gm::report
