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
    auto modules = [](const nlohmann::json& list) {
      std::vector<ExtensionModule> out;
      for (const auto& m : list) out.push_back({m.at("module").get<std::string>(), m.at("file").get<std::string>()});
      return out;
    };
    std::vector<InstalledDistribution> out;
    for (const auto& d : j.at("distributions"))
      out.push_back({d.at("name").get<std::string>(), d.at("version").get<std::string>(), modules(d.at("modules")),
                     modules(d.value("other_interpreter_binaries", nlohmann::json::array()))});
    return out;
  } catch (const std::exception& e) {
    return fail(std::string("unreadable list of installed distributions: ") + e.what());
  }
}

Expected<RunnerResult> parse_runner_result(const nlohmann::json& j) {
  if (j.is_discarded()) return fail("unreadable runner output: not JSON");
  try {
    if (j.value("protocol", 0) != kRunnerProtocol)
      return fail(fmt::format("runner output has protocol {}, expected {}", j.value("protocol", 0), kRunnerProtocol));
    RunnerResult r;
    r.status = j.at("status").get<std::string>();
    for (const auto& s : j.value("samples", nlohmann::json::array()))
      r.samples.push_back({s.at("seconds").get<double>(), s.value("work_cpu", 0.0), s.value("own_cpu", 0.0),
                           s.value("window", 0.0), s.value("stat_before", std::vector<std::string>{}),
                           s.value("stat_after", std::vector<std::string>{}), s.value("workers", 0),
                           s.value("rss_mb", 0.0)});
    r.iterations = j.value("iterations", 0);
    r.unit_seconds = j.value("unit_seconds", 0.0);
    r.clock_ticks_per_second = j.value("clock_ticks_per_second", 100L);
    r.description = j.value("description", "");
    r.expected_speedup = j.value("expected_speedup", nlohmann::json());
    r.interpreters_api = j.value("interpreters_api", "");
    r.max_rss_mb = j.value("max_rss_mb", 0.0);
    auto optional_bool = [&](const char* key) -> std::optional<bool> {
      if (j.contains(key) && j[key].is_boolean()) return j[key].get<bool>();
      return std::nullopt;
    };
    r.gil_enabled_at_start = optional_bool("gil_enabled_at_start");
    r.gil_enabled_after_import = optional_bool("gil_enabled_after_import");
    r.gil_enabled_after = optional_bool("gil_enabled_after");
    if (j.contains("error") && j["error"].is_string()) r.error = j["error"].get<std::string>();
    return r;
  } catch (const std::exception& e) {
    return fail(std::string("unreadable runner output: ") + e.what());
  }
}

}  // namespace gm::harness
