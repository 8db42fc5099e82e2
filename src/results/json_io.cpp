#include "results/json_io.hpp"

#include <cmath>
#include <initializer_list>
#include <optional>

#include <fmt/format.h>

#include "results/paired.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"

namespace gm::results {
using nlohmann::json;

namespace {

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
  if (auto where = non_finite_number(j)) throw std::runtime_error(fmt::format("`{}` is not a finite number", *where));
}

void require(const json& j, std::initializer_list<const char*> keys) {
  for (const char* key : keys)
    if (!j.contains(key)) throw std::runtime_error(fmt::format("`{}` is missing", key));
}

// A cell's identity (config::Cell), written flat beside its figures as results files always held it.
void write_cell_identity(json& j, const config::Cell& cell) {
  j["key"] = cell.key();
  j["build"] = cell.build;
  j["workload"] = cell.workload;
  j["executor"] = cell.executor;
  j["gil_mode"] = cell.gil_mode;
  j["workers"] = cell.workers;
  j["repeats"] = cell.repeats.count;
  j["auto_repeats"] = cell.repeats.automatic;
  j["timeout_ms"] = cell.timeout.count();
}

void read_cell_identity(const json& j, config::Cell& cell) {
  require(j, {"build", "workload", "executor", "gil_mode", "workers"});
  json_record::read_member(j, "build", cell.build);
  json_record::read_member(j, "workload", cell.workload);
  json_record::read_member(j, "executor", cell.executor);
  json_record::read_member(j, "gil_mode", cell.gil_mode);
  json_record::read_member(j, "workers", cell.workers);
  json_record::read_member(j, "repeats", cell.repeats.count);
  json_record::read_member(j, "auto_repeats", cell.repeats.automatic);
  long long timeout_ms = 0;
  json_record::read_member(j, "timeout_ms", timeout_ms);
  if (cell.workers < 1 || cell.repeats.count < 1 || timeout_ms > (1LL << 50))
    throw std::runtime_error("`workers`, `repeats` or `timeout_ms` is out of range");
  cell.timeout = std::chrono::milliseconds(timeout_ms);
}

// A results file holds the schema version it was written with; the check never converts an out-of-range number.
long long schema_version_of(const json& j) {
  const json& v = j.contains("schema_version") ? j["schema_version"] : json(0);
  try {
    return json_record::checked_integer<int>(v);
  } catch (const std::exception&) {
    return -1;
  }
}

}  // namespace

void to_json(json& j, const CellResult& c) {
  j = json::object();
  write_cell_identity(j, c.cell);
  json_write_members(j, c);
}

void from_json(const json& j, CellResult& c) {
  try {
    read_cell_identity(j, c.cell);
    json_read_members(j, c);
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("cell {}", e.what()));
  }
}

MeasurementSettings MeasurementSettings::of(const config::Measurement& matrix, std::string ratio_estimator) {
  MeasurementSettings settings;
  static_cast<config::Measurement&>(settings) = matrix;
  settings.ratio_estimator = std::move(ratio_estimator);
  return settings;
}

MeasurementSettings MeasurementSettings::unrecorded() {
  json zeros = config::Measurement{};
  zeros.erase("isolation");
  for (auto& [key, value] : zeros.items())
    if (value.is_number()) value = value.is_number_float() ? json(0.0) : json(0);
  MeasurementSettings settings;
  from_json(zeros, static_cast<config::Measurement&>(settings));
  settings.recorded = false;
  return settings;
}

void to_json(json& j, const MeasurementSettings& m) {
  to_json(j, static_cast<const config::Measurement&>(m));
  j["ratio_estimator"] = m.ratio_estimator;
  if (!m.recorded) j["isolation"] = "";
}

void from_json(const json& j, MeasurementSettings& m) {
  const bool recorded = j.is_object() && j.contains("isolation") && j["isolation"] != "";
  m = recorded ? MeasurementSettings{} : MeasurementSettings::unrecorded();
  json settings = j;
  if (!recorded && settings.is_object()) settings.erase("isolation");
  from_json(settings, static_cast<config::Measurement&>(m));
  // Files written before the estimator was recorded used the median bootstrap.
  m.ratio_estimator = kMedianBootstrapEstimator;
  json_record::read_member(j, "ratio_estimator", m.ratio_estimator);
}

json cell_to_json(const CellResult& cell) { return cell; }

CellResult cell_from_json(const json& j) {
  require_finite_numbers(j);
  return j.get<CellResult>();
}

json to_json(const RunResults& r) {
  json j = json::object();
  json_write_members(j, r);
  j["schema_version"] = kSchemaVersion;
  j["tool"] = "gilmatrix";
  j["matrix"] = {{"name", r.matrix_name}, {"file", r.matrix_file}, {"sha256", r.matrix_sha256}};
  return j;
}

RunResults results_from_json(const json& j, const std::string& origin) {
  if (!j.is_object() || !j.contains("tool") || j["tool"] != "gilmatrix")
    throw UsageError(origin + " is not a gilmatrix results file");
  const long long version = schema_version_of(j);
  if (version < kOldestReadableSchemaVersion || version > kSchemaVersion)
    throw UsageError(fmt::format("{} has results schema version {}; this gilmatrix reads versions {} to {}", origin,
                                 version, kOldestReadableSchemaVersion, kSchemaVersion));
  try {
    require_finite_numbers(j);
    require(j, {"matrix", "environment", "builds", "cells"});
    RunResults r;
    r.schema_version = static_cast<int>(version);
    const json& matrix = j["matrix"];
    json_record::read_member(matrix, "name", r.matrix_name);
    json_record::read_member(matrix, "file", r.matrix_file);
    json_record::read_member(matrix, "sha256", r.matrix_sha256);
    json_read_members(j, r);
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
    throw InfraError(
        fmt::format("gilmatrix computed a value that is not a finite number (`{}`), which a results "
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
    throw UsageError(
        fmt::format("{} is a folder without a results.json: give a results file or the --out folder of "
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
