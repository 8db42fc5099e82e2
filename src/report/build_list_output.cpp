#include "report/build_list_output.hpp"

#include <fmt/format.h>

namespace gm::report {

nlohmann::json build_entry_json(const results::BuildRecord& record, bool skipped) {
  return {{"name", record.name},     {"status", to_string(record.status)},
          {"reason", record.reason}, {"origin", record.origin},
          {"python", record.python}, {"skipped", skipped}};
}

std::string build_list_text(const std::vector<ListedBuild>& builds) {
  std::string text;
  for (const auto& b : builds) {
    const auto& r = *b.record;
    text += r.ok() ? fmt::format("{}\t{}\n", r.name, r.python)
                   : fmt::format("{}\t{}{}: {}\n", r.name, b.skipped ? "skipped: " : "", r.status, r.reason);
  }
  return text;
}

nlohmann::json build_list_json(const std::vector<ListedBuild>& builds) {
  nlohmann::json listed = nlohmann::json::array();
  for (const auto& b : builds) {
    auto entry = build_entry_json(*b.record, b.skipped);
    entry["built_now"] = b.built_now;
    listed.push_back(std::move(entry));
  }
  return listed;
}

}  // namespace gm::report
