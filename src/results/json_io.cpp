#include "results/json_io.hpp"

#include <fstream>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/paths.hpp"

namespace gm::results {
using nlohmann::json;

namespace {

json optional_json(const std::optional<bool>& value) { return value ? json(*value) : json(nullptr); }
json optional_json(const std::optional<Interval>& value) {
  return value ? json{{"low", value->low}, {"high", value->high}} : json(nullptr);
}
std::optional<Interval> optional_interval(const json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_object()) return std::nullopt;
  return Interval{j[key].at("low").get<double>(), j[key].at("high").get<double>()};
}
std::optional<bool> optional_bool(const json& j, const char* key) {
  if (j.contains(key) && j[key].is_boolean()) return j[key].get<bool>();
  return std::nullopt;
}

json environment_to_json(const EnvironmentInfo& e) {
  return {{"cpu_model", e.cpu_model}, {"usable_cores", e.usable_cores}, {"online_cpus", e.online_cpus},
          {"os", e.os},               {"kernel", e.kernel},             {"arch", e.arch},
          {"compiler", e.compiler},   {"gilmatrix_version", e.gilmatrix_version},
          {"command", e.command},     {"working_directory", e.working_directory}};
}

EnvironmentInfo environment_from_json(const json& j) {
  EnvironmentInfo e;
  e.cpu_model = j.value("cpu_model", "");
  e.usable_cores = j.value("usable_cores", 0);
  e.online_cpus = j.value("online_cpus", 0);
  e.os = j.value("os", "");
  e.kernel = j.value("kernel", "");
  e.arch = j.value("arch", "");
  e.compiler = j.value("compiler", "");
  e.gilmatrix_version = j.value("gilmatrix_version", "");
  e.command = j.value("command", std::vector<std::string>{});
  e.working_directory = j.value("working_directory", "");
  return e;
}

json build_to_json(const BuildRecord& b) {
  return {{"name", b.name},     {"status", b.status}, {"reason", b.reason},
          {"origin", b.origin}, {"python", b.python}, {"probe", b.probe ? json(*b.probe) : json(nullptr)},
          {"details", b.details}};
}

BuildRecord build_from_json(const json& j) {
  BuildRecord b;
  b.name = j.at("name").get<std::string>();
  b.status = j.at("status").get<std::string>();
  b.reason = j.value("reason", "");
  b.origin = j.value("origin", "");
  b.python = j.value("python", "");
  if (j.contains("probe") && j["probe"].is_object()) b.probe = j["probe"].get<harness::ProbeInfo>();
  if (j.contains("details")) b.details = j["details"];
  return b;
}

json install_to_json(const InstallRecord& i) {
  return {{"build", i.build}, {"package_set", i.package_set}, {"requirement", i.requirement}, {"ok", i.ok},
          {"cause", i.cause}, {"detail", i.detail},           {"log", i.log}};
}

InstallRecord install_from_json(const json& j) {
  return {j.at("build").get<std::string>(), j.at("package_set").get<std::string>(),
          j.at("requirement").get<std::string>(), j.at("ok").get<bool>(), j.value("detail", ""), j.value("log", ""),
          j.value("cause", "")};
}

json package_environment_to_json(const EnvironmentRecord& e) {
  json distributions = json::array();
  for (const auto& d : e.distributions)
    distributions.push_back({{"name", d.name}, {"version", d.version}, {"extension_modules", d.modules}});
  return {{"build", e.build},   {"package_set", e.package_set}, {"key", e.key},
          {"python", e.python}, {"pip_options", e.pip_options}, {"reused", e.reused},
          {"distributions", distributions}};
}

EnvironmentRecord environment_record_from_json(const json& j) {
  EnvironmentRecord e{j.at("build").get<std::string>(), j.value("package_set", ""), j.value("key", ""),
                      j.value("python", ""), j.value("pip_options", std::vector<std::string>{}),
                      j.value("reused", false), {}};
  for (const auto& d : j.value("distributions", json::array()))
    e.distributions.push_back({d.at("name").get<std::string>(), d.value("version", ""),
                               d.value("extension_modules", std::vector<std::string>{})});
  return e;
}

json module_check_to_json(const ModuleCheck& m) {
  return {{"build", m.build},         {"package_set", m.package_set}, {"distribution", m.distribution},
          {"version", m.version},     {"module", m.module},           {"status", m.status},
          {"attributed_to", m.attributed_to}, {"detail", m.detail},   {"binding", m.binding},
          {"fix", m.fix},             {"reproduce", m.reproduce},     {"free_threaded", m.free_threaded}};
}

ModuleCheck module_check_from_json(const json& j) {
  ModuleCheck m;
  m.build = j.at("build").get<std::string>();
  m.package_set = j.value("package_set", "");
  m.distribution = j.value("distribution", "");
  m.version = j.value("version", "");
  m.module = j.at("module").get<std::string>();
  m.status = j.at("status").get<std::string>();
  m.attributed_to = j.value("attributed_to", "");
  m.detail = j.value("detail", "");
  m.binding = j.value("binding", "");
  m.fix = j.value("fix", "");
  m.reproduce = j.value("reproduce", "");
  m.free_threaded = j.value("free_threaded", false);
  return m;
}

json together_to_json(const TogetherCheck& t) {
  return {{"build", t.build},   {"package_set", t.package_set}, {"status", t.status},
          {"gil_enabled_after", optional_json(t.gil_enabled_after)}, {"attributed_to", t.attributed_to},
          {"detail", t.detail}};
}

TogetherCheck together_from_json(const json& j) {
  return {j.at("build").get<std::string>(), j.value("package_set", ""), j.value("status", ""),
          optional_bool(j, "gil_enabled_after"), j.value("attributed_to", ""), j.value("detail", "")};
}

template <class T, class Convert>
json array_of(const std::vector<T>& items, Convert convert) {
  json out = json::array();
  for (const auto& item : items) out.push_back(convert(item));
  return out;
}

}  // namespace

json module_checks_to_json(const std::vector<ModuleCheck>& checks) { return array_of(checks, module_check_to_json); }

json cell_to_json(const CellResult& c) {
  return {{"key", c.cell.key()},
          {"build", c.cell.build},
          {"workload", c.cell.workload},
          {"executor", config::to_string(c.cell.executor)},
          {"gil_mode", config::to_string(c.cell.gil_mode)},
          {"workers", c.cell.workers},
          {"repeats", c.cell.repeats},
          {"timeout_ms", c.cell.timeout.count()},
          {"status", c.status},
          {"iterations", c.iterations},
          {"samples", c.samples},
          {"median_seconds", c.median_seconds},
          {"cv", c.cv},
          {"unstable", c.unstable},
          {"speedup", c.speedup ? json(*c.speedup) : json(nullptr)},
          {"speedup_interval", optional_json(c.speedup_interval)},
          {"gil_enabled_after_import", optional_json(c.gil_enabled_after_import)},
          {"gil_enabled_after", optional_json(c.gil_enabled_after)},
          {"error", c.error},
          {"cpus", c.cpus},
          {"wall_seconds", c.wall_seconds}};
}

CellResult cell_from_json(const json& j) {
  CellResult c;
  c.cell.build = j.at("build").get<std::string>();
  c.cell.workload = j.at("workload").get<std::string>();
  auto executor = config::parse_executor(j.at("executor").get<std::string>());
  auto mode = config::parse_gil_mode(j.at("gil_mode").get<std::string>());
  if (!executor || !mode) throw std::runtime_error("unknown executor or GIL mode");
  c.cell.executor = *executor;
  c.cell.gil_mode = *mode;
  c.cell.workers = j.at("workers").get<int>();
  c.cell.repeats = j.value("repeats", 1);
  c.cell.timeout = std::chrono::milliseconds(j.value("timeout_ms", 0LL));
  c.status = j.at("status").get<std::string>();
  c.iterations = j.value("iterations", 0);
  c.samples = j.value("samples", std::vector<double>{});
  c.median_seconds = j.value("median_seconds", 0.0);
  c.cv = j.value("cv", 0.0);
  c.unstable = j.value("unstable", false);
  if (j.contains("speedup") && j["speedup"].is_number()) c.speedup = j["speedup"].get<double>();
  c.speedup_interval = optional_interval(j, "speedup_interval");
  c.gil_enabled_after_import = optional_bool(j, "gil_enabled_after_import");
  c.gil_enabled_after = optional_bool(j, "gil_enabled_after");
  c.error = j.value("error", "");
  c.cpus = j.value("cpus", std::vector<int>{});
  c.wall_seconds = j.value("wall_seconds", 0.0);
  return c;
}

json to_json(const RunResults& r) {
  json cells = json::array();
  for (const auto& c : r.cells) cells.push_back(cell_to_json(c));
  json builds = json::array();
  for (const auto& b : r.builds) builds.push_back(build_to_json(b));
  return {{"schema_version", r.schema_version},
          {"tool", "gilmatrix"},
          {"matrix", {{"name", r.matrix_name}, {"file", r.matrix_file}, {"sha256", r.matrix_sha256}}},
          {"started_at", r.started_at},
          {"finished_at", r.finished_at},
          {"wall_seconds", r.wall_seconds},
          {"interrupted", r.interrupted},
          {"reproduce", r.reproduce},
          {"environment", environment_to_json(r.environment)},
          {"builds", builds},
          {"cells", cells},
          {"environments", array_of(r.environments, package_environment_to_json)},
          {"installs", array_of(r.installs, install_to_json)},
          {"module_checks", array_of(r.module_checks, module_check_to_json)},
          {"together", array_of(r.together, together_to_json)},
          {"notes", r.notes}};
}

RunResults results_from_json(const json& j, const std::string& origin) {
  if (!j.is_object() || j.value("tool", "") != "gilmatrix")
    throw UsageError(origin + " is not a gilmatrix results file");
  int version = j.value("schema_version", 0);
  if (version != kSchemaVersion)
    throw UsageError(fmt::format("{} has results schema version {}; this gilmatrix reads version {}", origin,
                                 version, kSchemaVersion));
  try {
    RunResults r;
    r.matrix_name = j.at("matrix").value("name", "");
    r.matrix_file = j.at("matrix").value("file", "");
    r.matrix_sha256 = j.at("matrix").value("sha256", "");
    r.started_at = j.value("started_at", "");
    r.finished_at = j.value("finished_at", "");
    r.wall_seconds = j.value("wall_seconds", 0.0);
    r.interrupted = j.value("interrupted", false);
    r.reproduce = j.value("reproduce", "");
    r.environment = environment_from_json(j.at("environment"));
    for (const auto& b : j.at("builds")) r.builds.push_back(build_from_json(b));
    for (const auto& c : j.at("cells")) r.cells.push_back(cell_from_json(c));
    for (const auto& e : j.value("environments", json::array()))
      r.environments.push_back(environment_record_from_json(e));
    for (const auto& i : j.value("installs", json::array())) r.installs.push_back(install_from_json(i));
    for (const auto& m : j.value("module_checks", json::array())) r.module_checks.push_back(module_check_from_json(m));
    for (const auto& t : j.value("together", json::array())) r.together.push_back(together_from_json(t));
    r.notes = j.value("notes", std::vector<std::string>{});
    return r;
  } catch (const std::exception& e) {
    throw UsageError(fmt::format("{} is damaged: {}", origin, e.what()));
  }
}

void save_results(const std::filesystem::path& path, const RunResults& results) {
  write_file_atomically(path, to_json(results).dump(2) + "\n");
}

RunResults load_results(const std::filesystem::path& path) {
  auto text = read_text_file(path);
  if (!text) throw UsageError(fmt::format("cannot read {}: check the path", path.string()));
  json j;
  try {
    j = json::parse(*text);
  } catch (const std::exception& e) {
    throw UsageError(fmt::format("{} is not valid JSON: {}", path.string(), e.what()));
  }
  return results_from_json(j, path.string());
}

void append_cell(const std::filesystem::path& journal, const CellResult& cell) {
  std::ofstream out(journal, std::ios::app);
  out << cell_to_json(cell).dump() << '\n';
  out.flush();
  if (!out) throw InfraError("cannot append to " + journal.string());
}

std::vector<CellResult> read_journal(const std::filesystem::path& journal) {
  std::vector<CellResult> cells;
  std::ifstream in(journal);
  std::string line;
  while (std::getline(in, line)) {
    try {
      cells.push_back(cell_from_json(json::parse(line)));
    } catch (const std::exception&) {
      // A line cut short by a kill: that cell simply runs again.
    }
  }
  return cells;
}

}  // namespace gm::results
