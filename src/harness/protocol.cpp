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

namespace {

template <class Record>
Expected<Record> read_record(const nlohmann::json& j, const char* what) {
  try {
    return j.get<Record>();
  } catch (const std::exception& e) {
    return fail(fmt::format("unreadable {}: {}", what, e.what()));
  }
}

}  // namespace

Expected<ImportCheckReport> parse_import_check(const nlohmann::json& j) {
  return read_record<ImportCheckReport>(j, "import check output");
}

Expected<StressReport> parse_stress_report(const nlohmann::json& j) {
  return read_record<StressReport>(j, "stress result");
}

Expected<NoiseProbeOutput> parse_noise_probe(const nlohmann::json& j) {
  auto probe = read_record<NoiseProbeOutput>(j, "noise probe output");
  if (probe && (probe->one_core.empty() || probe->all_cores.empty()))
    return fail("unreadable noise probe output: no samples");
  return probe;
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
