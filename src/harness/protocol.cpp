#include "harness/protocol.hpp"

#include <fmt/format.h>

namespace gm::harness {

Expected<ProbeInfo> parse_probe(const std::string& json_text) {
  try {
    return nlohmann::json::parse(json_text).get<ProbeInfo>();
  } catch (const std::exception& e) {
    return fail(std::string("unreadable probe output: ") + e.what());
  }
}

ImportCheckReport parse_import_check(const nlohmann::json& j) {
  ImportCheckReport report;
  auto text = [&](const char* key) -> std::optional<std::string> {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  if (auto it = j.find("gil_enabled_after"); it != j.end() && it->is_boolean())
    report.gil_enabled_after = it->get<bool>();
  report.attributed_to = text("attributed_to").value_or("");
  report.error = text("error");
  report.warning = text("warning");
  return report;
}

Expected<std::vector<InstalledDistribution>> parse_extension_listing(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("distributions")) return fail("unreadable list of installed distributions");
  try {
    return j.at("distributions").get<std::vector<InstalledDistribution>>();
  } catch (const std::exception& e) {
    return fail(std::string("unreadable list of installed distributions: ") + e.what());
  }
}

Expected<RunnerResult> parse_runner_result(const nlohmann::json& j) {
  if (j.is_discarded() || !j.is_object()) return fail("unreadable runner output: not a JSON object");
  if (j.value("protocol", 0) != kRunnerProtocol)
    return fail(fmt::format("runner output has protocol {}, expected {}", j.value("protocol", 0), kRunnerProtocol));
  if (!j.contains("status")) return fail("unreadable runner output: no `status`");
  try {
    return j.get<RunnerResult>();
  } catch (const std::exception& e) {
    return fail(std::string("unreadable runner output: ") + e.what());
  }
}

}  // namespace gm::harness
