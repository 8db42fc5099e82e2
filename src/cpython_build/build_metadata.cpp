#include "cpython_build/build_metadata.hpp"

namespace gm::cpython_build {

using nlohmann::json;

json to_json(const SourceFacts& s) {
  json j = json::object();
  for (const auto& [key, value] : {std::pair{"version", &s.version}, {"tarball", &s.tarball},
                                   {"tarball_from", &s.tarball_from}, {"sha256", &s.sha256},
                                   {"git_url", &s.git_url}, {"git_ref", &s.git_ref}, {"commit", &s.commit}})
    if (!value->empty()) j[key] = *value;
  return j;
}

SourceFacts source_facts_from_json(const json& j) {
  if (!j.is_object()) return {};
  return {j.value("version", ""), j.value("tarball", ""), j.value("tarball_from", ""), j.value("sha256", ""),
          j.value("git_url", ""), j.value("git_ref", ""),   j.value("commit", "")};
}

json to_json(const BuildMetadata& m) {
  return {{"key", m.key},
          {"label", m.label},
          {"recipe_version", m.recipe_version},
          {"source", to_json(m.source)},
          {"source_identity", m.source_identity},
          {"free_threaded", m.free_threaded},
          {"configure", m.configure},
          {"compiler", m.compiler},
          {"ccache", m.ccache},
          {"jobs", m.jobs},
          {"seconds", {{"configure", m.configure_seconds}, {"make", m.make_seconds}, {"install", m.install_seconds}}},
          {"missing_modules", m.missing_modules},
          {"modules_failed_on_import", m.modules_failed_on_import},
          {"built_at", m.built_at}};
}

Expected<BuildMetadata> parse_build_metadata(const json& j) {
  if (!j.is_object()) return fail("build.json is not a JSON object");
  try {
    BuildMetadata m;
    m.key = j.value("key", "");
    m.label = j.value("label", "");
    m.recipe_version = j.value("recipe_version", 0);
    m.source = source_facts_from_json(j.value("source", json::object()));
    m.source_identity = j.value("source_identity", "");
    m.free_threaded = j.value("free_threaded", false);
    m.configure = j.value("configure", std::vector<std::string>{});
    m.compiler = j.value("compiler", "");
    m.ccache = j.value("ccache", false);
    m.jobs = j.value("jobs", 0);
    auto seconds = j.value("seconds", json::object());
    m.configure_seconds = seconds.value("configure", 0.0);
    m.make_seconds = seconds.value("make", 0.0);
    m.install_seconds = seconds.value("install", 0.0);
    m.missing_modules = j.value("missing_modules", std::vector<std::string>{});
    m.modules_failed_on_import = j.value("modules_failed_on_import", std::vector<std::string>{});
    m.built_at = j.value("built_at", "");
    return m;
  } catch (const json::exception& e) {
    return fail(std::string("build.json has a field of the wrong type: ") + e.what());
  }
}

}  // namespace gm::cpython_build
