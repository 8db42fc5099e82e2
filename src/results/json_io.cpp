#include "results/json_io.hpp"

#include <cmath>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "results/paired.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"

namespace gm::results {
using nlohmann::json;

namespace {

// Checked integer reads: nlohmann's get<int>() of 1e300 or of 2^40 does not
// throw, it converts with undefined behaviour, and results files and journals
// are outside input.
long long integer(const json& value, const char* key, long long low, long long high) {
  if (!value.is_number_integer()) throw std::runtime_error(fmt::format("`{}` must be an integer", key));
  if (value.is_number_unsigned() ? value.get<unsigned long long>() > static_cast<unsigned long long>(high)
                                 : value.get<long long>() > high || value.get<long long>() < low)
    throw std::runtime_error(fmt::format("`{}` is out of range", key));
  return value.get<long long>();
}

int int_at(const json& j, const char* key, int low, int high) {
  return static_cast<int>(integer(j.at(key), key, low, high));
}

int int_or(const json& j, const char* key, int fallback, int low, int high) {
  return j.contains(key) ? static_cast<int>(integer(j[key], key, low, high)) : fallback;
}

// A status word, checked: an unknown one names the record and the words there are.
template <typename Parse>
auto status_field(const json& j, const char* record, Parse parse) {
  auto status = parse(j.at("status").get<std::string>());
  if (!status) throw std::runtime_error(fmt::format("{} `status`: {}", record, status.error()));
  return *status;
}

std::vector<int> ints_or_empty(const json& j, const char* key, int low, int high) {
  std::vector<int> out;
  if (!j.contains(key)) return out;
  if (!j[key].is_array()) throw std::runtime_error(fmt::format("`{}` must be an array", key));
  for (const auto& item : j[key]) out.push_back(static_cast<int>(integer(item, key, low, high)));
  return out;
}

constexpr int kMostInt = std::numeric_limits<int>::max();

// JSON has no NaN or infinity, but nlohmann reads 1e999 as infinity and writes
// NaN as null, which it then cannot read as a number: every number read from or
// written to a results file must be finite. Returns where the first one that
// is not is ("cells[3].speedup").
std::optional<std::string> non_finite_number(const json& j, const std::string& where = "") {
  if (j.is_number_float() && !std::isfinite(j.get<double>())) return where.empty() ? "the top level" : where;
  if (j.is_object())
    for (const auto& [key, value] : j.items())
      if (auto found = non_finite_number(value, where.empty() ? key : where + "." + key)) return found;
  if (j.is_array())
    for (std::size_t i = 0; i < j.size(); ++i)
      if (auto found = non_finite_number(j[i], fmt::format("{}[{}]", where, i))) return found;
  return std::nullopt;
}

void require_finite_numbers(const json& j) {
  if (auto where = non_finite_number(j))
    throw std::runtime_error(fmt::format("`{}` is not a finite number", *where));
}

json optional_json(const std::optional<bool>& value) { return value ? json(*value) : json(nullptr); }
json optional_json(const std::optional<Interval>& value) {
  return value ? json{{"low", value->low}, {"high", value->high}} : json(nullptr);
}
std::optional<double> optional_double(const json& j, const char* key) {
  if (j.contains(key) && j[key].is_number()) return j[key].get<double>();
  return std::nullopt;
}
std::optional<Interval> optional_interval(const json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_object()) return std::nullopt;
  return Interval{j[key].at("low").get<double>(), j[key].at("high").get<double>()};
}
std::optional<bool> optional_bool(const json& j, const char* key) {
  if (j.contains(key) && j[key].is_boolean()) return j[key].get<bool>();
  return std::nullopt;
}

json shard_to_json(const std::optional<ShardInfo>& s) {
  if (!s) return nullptr;
  return {{"index", s->index}, {"total", s->total}, {"builds", s->builds}, {"matrix_builds", s->matrix_builds}};
}

std::optional<ShardInfo> shard_from_json(const json& j) {
  if (!j.contains("shard") || !j["shard"].is_object()) return std::nullopt;
  const auto& s = j["shard"];
  return ShardInfo{s.at("index").get<int>(), s.at("total").get<int>(), s.value("builds", std::vector<std::string>{}),
                   s.value("matrix_builds", std::vector<std::string>{})};
}

template <class T, class Convert>
json array_of(const std::vector<T>& items, Convert convert) {
  json out = json::array();
  for (const auto& item : items) out.push_back(convert(item));
  return out;
}

json environment_to_json(const EnvironmentInfo& e) {
  return {{"cpu_model", e.cpu_model}, {"usable_cores", e.usable_cores}, {"online_cpus", e.online_cpus},
          {"os", e.os},               {"kernel", e.kernel},             {"arch", e.arch},
          {"compiler", e.compiler},   {"gilmatrix_version", e.gilmatrix_version},
          {"command", e.command},     {"working_directory", e.working_directory},
          {"home", e.home},
          {"governor", e.governor},   {"turbo", e.turbo},               {"smt_siblings", e.smt_siblings},
          {"virtualized", e.virtualized}, {"load_average", e.load_average}, {"warnings", e.warnings}};
}

EnvironmentInfo environment_from_json(const json& j) {
  EnvironmentInfo e;
  e.cpu_model = j.value("cpu_model", "");
  e.usable_cores = int_or(j, "usable_cores", 0, 0, kMostInt);
  e.online_cpus = int_or(j, "online_cpus", 0, 0, kMostInt);
  e.os = j.value("os", "");
  e.kernel = j.value("kernel", "");
  e.arch = j.value("arch", "");
  e.compiler = j.value("compiler", "");
  e.gilmatrix_version = j.value("gilmatrix_version", "");
  e.command = j.value("command", std::vector<std::string>{});
  e.working_directory = j.value("working_directory", "");
  e.home = j.value("home", "");
  e.governor = j.value("governor", "");
  e.turbo = j.value("turbo", "");
  e.smt_siblings = j.value("smt_siblings", std::vector<std::string>{});
  e.virtualized = j.value("virtualized", false);
  e.load_average = j.value("load_average", 0.0);
  e.warnings = j.value("warnings", std::vector<std::string>{});
  return e;
}

json build_to_json(const BuildRecord& b) {
  return {{"name", b.name},     {"status", to_string(b.status)}, {"reason", b.reason},
          {"origin", b.origin}, {"python", b.python}, {"probe", b.probe ? json(*b.probe) : json(nullptr)},
          {"details", build_details_to_json(b.details)}};
}

BuildRecord build_from_json(const json& j) {
  BuildRecord b;
  b.name = j.at("name").get<std::string>();
  b.status = status_field(j, "build", parse_build_status);
  b.reason = j.value("reason", "");
  b.origin = j.value("origin", "");
  b.python = j.value("python", "");
  if (j.contains("probe") && j["probe"].is_object()) b.probe = j["probe"].get<harness::ProbeInfo>();
  if (j.contains("details")) b.details = build_details_from_json(j["details"]);
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
  json out = {{"build", m.build},         {"package_set", m.package_set}, {"distribution", m.distribution},
              {"version", m.version},     {"module", m.module},           {"status", to_string(m.status)},
              {"attributed_to", m.attributed_to}, {"detail", m.detail},   {"binding", m.binding},
              {"reproduce", m.reproduce}, {"free_threaded", m.free_threaded}};
  if (!m.fix.empty()) out["fix"] = m.fix;  // only a module that re-enables the GIL has one
  return out;
}

ModuleCheck module_check_from_json(const json& j) {
  ModuleCheck m;
  m.build = j.at("build").get<std::string>();
  m.package_set = j.value("package_set", "");
  m.distribution = j.value("distribution", "");
  m.version = j.value("version", "");
  m.module = j.at("module").get<std::string>();
  m.status = status_field(j, "module check", parse_module_status);
  m.attributed_to = j.value("attributed_to", "");
  m.detail = j.value("detail", "");
  m.binding = j.value("binding", "");
  m.fix = j.value("fix", "");
  m.reproduce = j.value("reproduce", "");
  m.free_threaded = j.value("free_threaded", false);
  return m;
}

json together_to_json(const TogetherCheck& t) {
  return {{"build", t.build},   {"package_set", t.package_set}, {"status", to_string(t.status)},
          {"gil_enabled_after", optional_json(t.gil_enabled_after)}, {"attributed_to", t.attributed_to},
          {"detail", t.detail}};
}

TogetherCheck together_from_json(const json& j) {
  return {j.at("build").get<std::string>(), j.value("package_set", ""),
          status_field(j, "together check", parse_module_status),
          optional_bool(j, "gil_enabled_after"), j.value("attributed_to", ""), j.value("detail", "")};
}

json attempt_to_json(const Attempt& a) {
  json j = {{"samples", a.samples},         {"cores_busy", a.cores_busy}, {"others_share", a.others_share},
            {"steal_share", a.steal_share}, {"kept", a.kept},             {"note", a.note}};
  if (a.round >= 0) j["round"] = a.round;
  if (a.max_rss_mb > 0) j["max_rss_mb"] = a.max_rss_mb;
  if (a.load_resolution > 0) j["load_resolution"] = a.load_resolution;
  if (a.layout_padding > 0) j["layout_padding"] = a.layout_padding;
  return j;
}

Attempt attempt_from_json(const json& j) {
  return {j.value("samples", std::vector<double>{}),
          j.value("cores_busy", std::vector<double>{}),
          j.value("others_share", 0.0),
          j.value("steal_share", 0.0),
          j.value("load_resolution", 0.0),
          j.value("kept", true),
          j.value("note", ""),
          j.contains("round") ? static_cast<int>(integer(j["round"], "round", 0, kMostInt)) : -1,
          j.value("max_rss_mb", 0.0),
          j.contains("layout_padding")
              ? static_cast<std::size_t>(integer(j["layout_padding"], "layout_padding", 0, kMostInt))
              : std::size_t{0}};
}

}  // namespace

json workload_to_json(const WorkloadInfo& w) {
  return {{"name", w.name},
          {"file", w.file},
          {"description", w.description},
          {"expected_speedup", w.expected_speedup},
          {"sha256", w.sha256}};
}

WorkloadInfo workload_from_json(const json& j) {
  return {j.at("name").get<std::string>(), j.value("file", ""), j.value("description", ""),
          j.value("expected_speedup", json()), j.value("sha256", "")};
}

namespace {

json overhead_to_json(const OverheadRecord& o) {
  return {{"workload", o.workload},
          {"executor", o.executor},
          {"free_threaded_build", o.free_threaded_build},
          {"gil_build", o.gil_build},
          {"slowdown", o.slowdown},
          {"interval", optional_json(o.interval)},
          {"free_threaded_unit_seconds", o.free_threaded_unit_seconds},
          {"gil_unit_seconds", o.gil_unit_seconds},
          {"cpu_slowdown", o.cpu_slowdown ? json(*o.cpu_slowdown) : json(nullptr)},
          {"cpu_interval", optional_json(o.cpu_interval)},
          {"memory_overhead", o.memory_overhead ? json(*o.memory_overhead) : json(nullptr)},
          {"memory_interval", optional_json(o.memory_interval)},
          {"free_threaded_rss_mb", o.free_threaded_rss_mb},
          {"gil_rss_mb", o.gil_rss_mb},
          {"rounds", o.rounds}};
}

OverheadRecord overhead_from_json(const json& j) {
  return {j.at("workload").get<std::string>(),        j.value("executor", ""),
          j.at("free_threaded_build").get<std::string>(), j.at("gil_build").get<std::string>(),
          j.at("slowdown").get<double>(),             optional_interval(j, "interval"),
          j.value("free_threaded_unit_seconds", 0.0), j.value("gil_unit_seconds", 0.0),
          optional_double(j, "cpu_slowdown"),         optional_interval(j, "cpu_interval"),
          optional_double(j, "memory_overhead"),      optional_interval(j, "memory_interval"),
          j.value("free_threaded_rss_mb", 0.0),       j.value("gil_rss_mb", 0.0),
          int_or(j, "rounds", 0, 0, kMostInt)};
}

json finding_to_json(const Finding& f) { return {{"kind", f.kind}, {"cell", f.cell}, {"text", f.text}}; }
Finding finding_from_json(const json& j) {
  return {j.at("kind").get<std::string>(), j.value("cell", ""), j.value("text", "")};
}

json measurement_to_json(const MeasurementSettings& m) {
  return {{"isolation", m.isolation},
          {"sample_time", m.sample_time},
          {"precision", m.precision},
          {"cell_budget", m.cell_budget},
          {"run_budget", m.run_budget},
          {"max_samples", m.max_samples},
          {"interference_limit", m.interference_limit},
          {"attempts", m.attempts},
          {"plausible_margin", m.plausible_margin},
          {"expectation_tolerance", m.expectation_tolerance},
          {"ratio_estimator", m.ratio_estimator}};
}

MeasurementSettings measurement_from_json(const json& j) {
  MeasurementSettings m;
  m.isolation = j.value("isolation", "");
  m.sample_time = j.value("sample_time", 0.0);
  m.precision = j.value("precision", 0.0);
  m.cell_budget = j.value("cell_budget", 0.0);
  m.run_budget = j.value("run_budget", 0.0);
  m.max_samples = int_or(j, "max_samples", 0, 0, kMostInt);
  m.interference_limit = j.value("interference_limit", 0.0);
  m.attempts = int_or(j, "attempts", 0, 0, kMostInt);
  m.plausible_margin = j.value("plausible_margin", 0.0);
  m.expectation_tolerance = j.value("expectation_tolerance", 0.0);
  m.ratio_estimator = j.value("ratio_estimator", std::string(kMedianBootstrapEstimator));
  return m;
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
          {"repeats", c.cell.repeats.count},
          {"auto_repeats", c.cell.repeats.automatic},
          {"timeout_ms", c.cell.timeout.count()},
          {"status", to_string(c.status)},
          {"iterations", c.iterations},
          {"iterations_source", c.iterations_source},
          {"samples", c.samples},
          {"median_seconds", c.median_seconds},
          {"median_interval", optional_json(c.median_interval)},
          {"cv", c.cv},
          {"unstable", c.unstable},
          {"stop_reason", c.stop_reason},
          {"speedup", c.speedup ? json(*c.speedup) : json(nullptr)},
          {"speedup_interval", optional_json(c.speedup_interval)},
          {"efficiency", c.efficiency ? json(*c.efficiency) : json(nullptr)},
          {"cores_busy", c.cores_busy},
          {"cores_busy_median", c.cores_busy_median},
          {"watched_cpus", c.watched_cpus},
          {"others_share", c.others_share},
          {"steal_share", c.steal_share},
          {"disturbed", c.disturbed},
          {"implausible", c.implausible},
          {"attempts", array_of(c.attempts, attempt_to_json)},
          {"round_group", c.round_group},
          {"gil_enabled_after_import", optional_json(c.gil_enabled_after_import)},
          {"gil_enabled_after", optional_json(c.gil_enabled_after)},
          {"error", c.error},
          {"cpus", c.cpus},
          {"wall_seconds", c.wall_seconds}};
}

CellResult cell_from_json(const json& j) {
  require_finite_numbers(j);
  CellResult c;
  c.cell.build = j.at("build").get<std::string>();
  c.cell.workload = j.at("workload").get<std::string>();
  auto executor = config::parse_executor(j.at("executor").get<std::string>());
  auto mode = config::parse_gil_mode(j.at("gil_mode").get<std::string>());
  if (!executor || !mode) throw std::runtime_error("unknown executor or GIL mode");
  c.cell.executor = *executor;
  c.cell.gil_mode = *mode;
  c.cell.workers = int_at(j, "workers", 1, kMostInt);
  c.cell.repeats = {int_or(j, "repeats", 1, 1, kMostInt), j.value("auto_repeats", false)};
  c.cell.timeout = std::chrono::milliseconds(j.contains("timeout_ms") ? integer(j["timeout_ms"], "timeout_ms", 0, 1LL << 50) : 0);
  c.status = status_field(j, "cell", parse_cell_status);
  c.iterations = int_or(j, "iterations", 0, 0, kMostInt);
  c.iterations_source = j.value("iterations_source", "");
  c.samples = j.value("samples", std::vector<double>{});
  c.median_seconds = j.value("median_seconds", 0.0);
  c.median_interval = optional_interval(j, "median_interval");
  c.cv = j.value("cv", 0.0);
  c.unstable = j.value("unstable", false);
  c.stop_reason = j.value("stop_reason", "");
  c.speedup = optional_double(j, "speedup");
  c.speedup_interval = optional_interval(j, "speedup_interval");
  c.efficiency = optional_double(j, "efficiency");
  c.cores_busy = j.value("cores_busy", std::vector<double>{});
  c.cores_busy_median = j.value("cores_busy_median", 0.0);
  c.watched_cpus = ints_or_empty(j, "watched_cpus", 0, kMostInt);
  c.others_share = j.value("others_share", 0.0);
  c.steal_share = j.value("steal_share", 0.0);
  c.disturbed = j.value("disturbed", false);
  c.implausible = j.value("implausible", false);
  for (const auto& a : j.value("attempts", json::array())) c.attempts.push_back(attempt_from_json(a));
  c.round_group = j.value("round_group", "");
  c.gil_enabled_after_import = optional_bool(j, "gil_enabled_after_import");
  c.gil_enabled_after = optional_bool(j, "gil_enabled_after");
  c.error = j.value("error", "");
  c.cpus = ints_or_empty(j, "cpus", 0, kMostInt);
  c.wall_seconds = j.value("wall_seconds", 0.0);
  return c;
}

json to_json(const RunResults& r) {
  json cells = json::array();
  for (const auto& c : r.cells) cells.push_back(cell_to_json(c));
  json builds = json::array();
  for (const auto& b : r.builds) builds.push_back(build_to_json(b));
  return {{"schema_version", kSchemaVersion},
          {"tool", "gilmatrix"},
          {"matrix", {{"name", r.matrix_name}, {"file", r.matrix_file}, {"sha256", r.matrix_sha256}}},
          {"started_at", r.started_at},
          {"finished_at", r.finished_at},
          {"wall_seconds", r.wall_seconds},
          {"interrupted", r.interrupted},
          {"reproduce", r.reproduce},
          {"cache_dir", r.cache_dir},
          {"skip_missing", r.skip_missing},
          {"selection", r.selection},
          {"environment", environment_to_json(r.environment)},
          {"builds", builds},
          {"cells", cells},
          {"environments", array_of(r.environments, package_environment_to_json)},
          {"installs", array_of(r.installs, install_to_json)},
          {"module_checks", array_of(r.module_checks, module_check_to_json)},
          {"together", array_of(r.together, together_to_json)},
          {"thread_safety", r.thread_safety},
          {"stress_runs", r.stress_runs},
          {"measurement", measurement_to_json(r.measurement)},
          {"workloads", array_of(r.workloads, workload_to_json)},
          {"overhead", array_of(r.overhead, overhead_to_json)},
          {"findings", array_of(r.findings, finding_to_json)},
          {"workload_package_sets", r.workload_package_sets},
          {"shard", shard_to_json(r.shard)},
          {"noise_floor", r.noise_floor ? json(*r.noise_floor) : json(nullptr)},
          {"notes", r.notes}};
}

RunResults results_from_json(const json& j, const std::string& origin) {
  if (!j.is_object() || !j.contains("tool") || j["tool"] != "gilmatrix")
    throw UsageError(origin + " is not a gilmatrix results file");
  const json& v = j.contains("schema_version") ? j["schema_version"] : json(0);
  long long version = -1;  // checked: get<int>() of 1e300 would be undefined behaviour
  if (v.is_number_unsigned())
    version = v.get<unsigned long long>() <= 1'000'000 ? static_cast<long long>(v.get<unsigned long long>()) : -1;
  else if (v.is_number_integer())
    version = v.get<long long>();
  if (version < kOldestReadableSchemaVersion || version > kSchemaVersion)
    throw UsageError(fmt::format("{} has results schema version {}; this gilmatrix reads versions {} to {}", origin,
                                 version, kOldestReadableSchemaVersion, kSchemaVersion));
  try {
    require_finite_numbers(j);
    RunResults r;
    r.schema_version = static_cast<int>(version);
    r.matrix_name = j.at("matrix").value("name", "");
    r.matrix_file = j.at("matrix").value("file", "");
    r.matrix_sha256 = j.at("matrix").value("sha256", "");
    r.started_at = j.value("started_at", "");
    r.finished_at = j.value("finished_at", "");
    r.wall_seconds = j.value("wall_seconds", 0.0);
    r.interrupted = j.value("interrupted", false);
    r.reproduce = j.value("reproduce", "");
    r.cache_dir = j.value("cache_dir", "");
    r.skip_missing = j.value("skip_missing", false);
    r.selection = j.value("selection", std::vector<std::string>{});
    r.environment = environment_from_json(j.at("environment"));
    for (const auto& b : j.at("builds")) r.builds.push_back(build_from_json(b));
    for (const auto& c : j.at("cells")) r.cells.push_back(cell_from_json(c));
    for (const auto& e : j.value("environments", json::array()))
      r.environments.push_back(environment_record_from_json(e));
    for (const auto& i : j.value("installs", json::array())) r.installs.push_back(install_from_json(i));
    for (const auto& m : j.value("module_checks", json::array())) r.module_checks.push_back(module_check_from_json(m));
    for (const auto& t : j.value("together", json::array())) r.together.push_back(together_from_json(t));
    r.thread_safety = j.value("thread_safety", std::vector<ThreadSafetyCheck>{});
    r.stress_runs = j.value("stress_runs", std::vector<StressSummary>{});
    if (j.contains("measurement")) r.measurement = measurement_from_json(j["measurement"]);
    for (const auto& w : j.value("workloads", json::array())) r.workloads.push_back(workload_from_json(w));
    for (const auto& o : j.value("overhead", json::array())) r.overhead.push_back(overhead_from_json(o));
    for (const auto& f : j.value("findings", json::array())) r.findings.push_back(finding_from_json(f));
    r.workload_package_sets = j.value("workload_package_sets", std::map<std::string, std::string>{});
    r.shard = shard_from_json(j);
    if (j.contains("noise_floor") && j["noise_floor"].is_object()) r.noise_floor = j["noise_floor"].get<NoiseFloor>();
    r.notes = j.value("notes", std::vector<std::string>{});
    return r;
  } catch (const std::exception& e) {
    throw UsageError(fmt::format("{} is damaged: {}", origin, e.what()));
  }
}

// Far above any real run's (a few MiB for thousands of cells), far below a machine's memory.
constexpr std::uintmax_t kLargestResultsFile = std::uintmax_t{256} << 20;

void save_results(const std::filesystem::path& path, const RunResults& results) {
  json j = to_json(results);
  auto text = j.dump(2) + "\n";
  // Never a results file that report, compare and merge would refuse: the
  // non-finite numbers that would make one (NaN written as null) are a bug.
  if (auto where = non_finite_number(j)) {
    auto aside = path.string() + ".unreadable";
    write_file_atomically(aside, text);
    throw InfraError(fmt::format("gilmatrix computed a value that is not a finite number (`{}`), which a results "
                                 "file cannot hold; what it would have written is in {}. This is a bug: please "
                                 "report it with that file",
                                 *where, aside));
  }
  write_file_atomically(path, text);
}

std::filesystem::path results_file(const std::filesystem::path& file_or_folder) {
  std::error_code ec;
  if (!std::filesystem::is_directory(file_or_folder, ec)) return file_or_folder;
  auto inside = file_or_folder / "results.json";
  if (!std::filesystem::exists(inside, ec))
    throw UsageError(fmt::format("{} is a folder without a results.json: give a results file or the --out folder of "
                                 "a gilmatrix run",
                                 file_or_folder.string()));
  return inside;
}

RunResults load_results(const std::filesystem::path& file_or_folder) {
  auto path = results_file(file_or_folder);
  auto text = read_input_file(path, kLargestResultsFile);
  if (!text) throw UsageError(text.error() + ": give a gilmatrix results file or the --out folder of a run");
  json j;
  try {
    j = json::parse(*text);
  } catch (const std::exception& e) {
    throw UsageError(fmt::format("{} is not valid JSON: {}", path.string(), e.what()));
  }
  return results_from_json(j, path.string());
}

}  // namespace gm::results
