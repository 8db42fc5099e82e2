#include "results/build_details.hpp"

#include <algorithm>

#include "cpython_build/cache_key.hpp"

namespace gm::results {
namespace {

using nlohmann::json;

void put(json& j, const char* key, const std::string& value) {
  if (!value.empty()) j[key] = value;
}
void put(json& j, const char* key, const std::vector<std::string>& value) {
  if (!value.empty()) j[key] = value;
}
void put(json& j, const char* key, const std::optional<bool>& value) {
  if (value) j[key] = *value;
}

}  // namespace

json build_details_to_json(const BuildDetails& d) {
  json j = json::object();
  put(j, "version", d.version);
  put(j, "tarball", d.tarball);
  put(j, "tarball_from", d.tarball_from);
  put(j, "sha256", d.sha256);
  put(j, "git_url", d.git_url);
  put(j, "git_ref", d.git_ref);
  put(j, "commit", d.commit);
  put(j, "source_rechecked", d.source_rechecked);
  put(j, "source_problem", d.source_problem);
  put(j, "cache_key", d.cache_key);
  put(j, "reused_from_cache", d.reused_from_cache);
  put(j, "cache_repair", d.cache_repair);
  put(j, "configure", d.configure);
  put(j, "missing_modules", d.missing_modules);
  if (d.build_seconds)
    j["build_seconds"] = {{"configure", d.build_seconds->configure},
                          {"make", d.build_seconds->make},
                          {"install", d.build_seconds->install}};
  put(j, "built_at", d.built_at);
  put(j, "log", d.log);
  put(j, "log_tail", d.log_tail);
  put(j, "failed_step", d.failed_step);
  return j;
}

bool BuildDetails::thread_sanitized() const {
  return std::find(configure.begin(), configure.end(), cpython_build::kThreadSanitizerOption) != configure.end();
}

BuildDetails build_details_from_json(const json& j) {
  BuildDetails d;
  if (!j.is_object()) return d;
  d.version = j.value("version", "");
  d.tarball = j.value("tarball", "");
  d.tarball_from = j.value("tarball_from", "");
  d.sha256 = j.value("sha256", "");
  d.git_url = j.value("git_url", "");
  d.git_ref = j.value("git_ref", "");
  d.commit = j.value("commit", "");
  if (j.contains("source_rechecked")) d.source_rechecked = j.at("source_rechecked").get<bool>();
  d.source_problem = j.value("source_problem", "");
  d.cache_key = j.value("cache_key", "");
  if (j.contains("reused_from_cache")) d.reused_from_cache = j.at("reused_from_cache").get<bool>();
  d.cache_repair = j.value("cache_repair", "");
  d.configure = j.value("configure", std::vector<std::string>{});
  d.missing_modules = j.value("missing_modules", std::vector<std::string>{});
  if (auto s = j.find("build_seconds"); s != j.end() && s->is_object() && !s->empty())
    d.build_seconds = BuildSeconds{s->value("configure", 0.0), s->value("make", 0.0), s->value("install", 0.0)};
  d.built_at = j.value("built_at", "");
  d.log = j.value("log", "");
  d.log_tail = j.value("log_tail", "");
  d.failed_step = j.value("failed_step", "");
  return d;
}

}  // namespace gm::results
