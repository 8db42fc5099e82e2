#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "results/json_io.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"

namespace fs = std::filesystem;
using namespace gm::results;
using namespace std::chrono_literals;

namespace {

CellResult sample_cell(int workers, gm::results::CellStatus status) {
  CellResult c;
  c.cell.build = "3.13t";
  c.cell.workload = "cpu-pure-python";
  c.cell.executor = gm::config::Executor::processes;
  c.cell.gil_mode = gm::config::GilMode::off;
  c.cell.workers = workers;
  c.cell.repeats = {5, false};
  c.cell.timeout = 30s;
  c.status = std::move(status);
  c.samples = {0.5, 0.52, 0.49};
  c.iterations = 2000;
  c.median_seconds = 0.5;
  c.cv = 0.03;
  c.unstable = false;
  c.cpus = {0, 1};
  c.wall_seconds = 2.25;
  return c;
}

RunResults sample_results() {
  RunResults r;
  r.matrix_name = "quick";
  r.matrix_file = "/work/matrices/quick.toml";
  r.matrix_sha256 = std::string(64, 'a');
  r.started_at = "2026-01-02T03:04:05Z";
  r.finished_at = "2026-01-02T03:14:05Z";
  r.wall_seconds = 600.5;
  r.interrupted = true;
  r.reproduce = "gilmatrix run matrices/quick.toml";
  r.environment.cpu_model = "Test CPU";
  r.environment.usable_cores = 2;
  r.environment.online_cpus = 4;
  r.environment.os = "Debian";
  r.environment.kernel = "Linux 6.1";
  r.environment.arch = "x86_64";
  r.environment.compiler = "gcc 12";
  r.environment.gilmatrix_version = "0.1.0";
  r.environment.command = {"gilmatrix", "run", "matrices/quick.toml"};
  r.environment.working_directory = "/work";

  BuildRecord ok;
  ok.name = "3.13t";
  ok.origin = "interpreter";
  ok.python = "/usr/bin/python3.13t";
  gm::harness::ProbeInfo probe;
  probe.executable = "/usr/bin/python3.13t";
  probe.version = "3.13.1";
  probe.implementation = "cpython";
  probe.free_threaded = true;
  probe.gil_enabled = false;
  probe.subinterpreters = true;
  ok.probe = probe;
  ok.details.configure = {"--disable-gil"};
  BuildRecord missing;
  missing.name = "3.14";
  missing.status = BuildStatus::not_found;
  missing.reason = "no python3.14 on PATH";
  r.builds = {ok, missing};

  auto first = sample_cell(1, CellStatus::ok);
  first.speedup = 1.0;
  first.gil_enabled_after_import = false;
  first.gil_enabled_after = true;
  auto second = sample_cell(2, CellStatus::timeout);
  second.error = "timed out after 30.0s";
  r.cells = {first, second};
  r.notes = {"worker counts 4 dropped: this machine has 2 usable cores"};
  return r;
}

void write_text(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string load_error(const fs::path& path) {
  try {
    load_results(path);
  } catch (const gm::UsageError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("json_io: results survive a save and load round trip", "[results][json_io]") {
  gm::TempDir dir("gm-json-test");
  auto path = dir.path() / "run" / "results.json";
  auto original = sample_results();
  save_results(path, original);
  REQUIRE(fs::exists(path));
  auto loaded = load_results(path);

  CHECK(loaded.schema_version == kSchemaVersion);
  CHECK(loaded.matrix_name == original.matrix_name);
  CHECK(loaded.matrix_file == original.matrix_file);
  CHECK(loaded.matrix_sha256 == original.matrix_sha256);
  CHECK(loaded.started_at == original.started_at);
  CHECK(loaded.finished_at == original.finished_at);
  CHECK(loaded.wall_seconds == original.wall_seconds);
  CHECK(loaded.interrupted);
  CHECK(loaded.reproduce == original.reproduce);
  CHECK(loaded.notes == original.notes);

  CHECK(loaded.environment.cpu_model == "Test CPU");
  CHECK(loaded.environment.usable_cores == 2);
  CHECK(loaded.environment.online_cpus == 4);
  CHECK(loaded.environment.command == original.environment.command);
  CHECK(loaded.environment.working_directory == "/work");

  REQUIRE(loaded.builds.size() == 2);
  CHECK(loaded.builds[0].ok());
  CHECK(loaded.builds[0].python == "/usr/bin/python3.13t");
  REQUIRE(loaded.builds[0].probe);
  CHECK(loaded.builds[0].probe->version == "3.13.1");
  CHECK(loaded.builds[0].probe->free_threaded);
  CHECK_FALSE(loaded.builds[0].probe->gil_enabled);
  CHECK(loaded.builds[0].probe->subinterpreters);
  CHECK(loaded.builds[0].details == original.builds[0].details);
  CHECK_FALSE(loaded.builds[1].ok());
  CHECK(loaded.builds[1].status == BuildStatus::not_found);
  CHECK(loaded.builds[1].reason == "no python3.14 on PATH");
  CHECK_FALSE(loaded.builds[1].probe);

  REQUIRE(loaded.cells.size() == 2);
  const auto& c = loaded.cells[0];
  CHECK(c.cell.key() == "3.13t/cpu-pure-python/processes/off/x1");
  CHECK(c.cell.repeats.count == 5);
  CHECK(c.cell.timeout == 30s);
  CHECK(c.status == CellStatus::ok);
  CHECK(c.samples == original.cells[0].samples);
  CHECK(c.iterations == 2000);
  CHECK(c.median_seconds == 0.5);
  CHECK(c.cv == 0.03);
  CHECK(c.speedup == std::optional<double>(1.0));
  CHECK(c.gil_enabled_after_import == std::optional<bool>(false));
  CHECK(c.gil_enabled_after == std::optional<bool>(true));
  CHECK(c.cpus == std::vector<int>{0, 1});
  CHECK(c.wall_seconds == 2.25);
  CHECK(loaded.cells[1].status == CellStatus::timeout);
  CHECK(loaded.cells[1].error == "timed out after 30.0s");
  CHECK_FALSE(loaded.cells[1].speedup);
  CHECK_FALSE(loaded.cells[1].gil_enabled_after);
}

TEST_CASE("json_io: the saved file names the tool and schema version", "[results][json_io]") {
  gm::TempDir dir("gm-json-test");
  auto path = dir.path() / "results.json";
  save_results(path, sample_results());
  std::ifstream in(path);
  auto j = nlohmann::json::parse(in);
  CHECK(j.at("tool") == "gilmatrix");
  CHECK(j.at("schema_version") == kSchemaVersion);
  CHECK(j.at("cells").at(0).at("key") == "3.13t/cpu-pure-python/processes/off/x1");
}

TEST_CASE("json_io: a different schema_version is rejected", "[results][json_io]") {
  gm::TempDir dir("gm-json-test");
  auto path = dir.path() / "results.json";
  auto j = to_json(sample_results());
  j["schema_version"] = kSchemaVersion + 1;
  write_text(path, j.dump());
  CHECK_THROWS_AS(load_results(path), gm::UsageError);
  auto message = load_error(path);
  CHECK_THAT(message, Catch::Contains(path.string()));
  CHECK_THAT(message, Catch::Contains(fmt::format("schema version {}", kSchemaVersion + 1)));
  CHECK_THAT(message, Catch::Contains(fmt::format("reads versions 1 to {}", kSchemaVersion)));
}

TEST_CASE("json_io: JSON from another tool is rejected", "[results][json_io]") {
  gm::TempDir dir("gm-json-test");
  auto path = dir.path() / "results.json";
  write_text(path, R"({"tool": "pyperf", "schema_version": 1})");
  CHECK_THAT(load_error(path), Catch::Contains("is not a gilmatrix results file"));
}

TEST_CASE("json_io: a file that is not JSON is rejected", "[results][json_io]") {
  gm::TempDir dir("gm-json-test");
  auto path = dir.path() / "results.json";
  write_text(path, "{\"tool\": \"gilmatrix\", ");
  CHECK_THAT(load_error(path), Catch::Contains("is not valid JSON"));
}

TEST_CASE("json_io: a results file with a damaged cell is rejected as a usage error", "[results][json_io]") {
  gm::TempDir dir("gm-json-test");
  auto path = dir.path() / "results.json";
  auto j = to_json(sample_results());
  j["cells"][0]["executor"] = "fibers";
  write_text(path, j.dump());
  CHECK_THAT(load_error(path), Catch::Contains("is damaged"));
}

TEST_CASE("json_io: out-of-range numbers are a damaged file, not undefined behaviour", "[results][json_io]") {
  gm::TempDir dir("gm-json-test");
  auto path = dir.path() / "results.json";
  for (const char* field : {"workers", "repeats", "iterations", "timeout_ms"}) {
    for (nlohmann::json value : {nlohmann::json(1e300), nlohmann::json(-5), nlohmann::json(1ULL << 63)}) {
      auto j = to_json(sample_results());
      j["cells"][0][field] = value;
      write_text(path, j.dump());
      CHECK_THAT(load_error(path), Catch::Contains("is damaged"));
    }
  }
  auto j = to_json(sample_results());
  j["cells"][0]["cpus"] = {0, 1e300};
  write_text(path, j.dump());
  CHECK_THAT(load_error(path), Catch::Contains("is damaged"));
  j = to_json(sample_results());
  j["schema_version"] = 1e300;
  write_text(path, j.dump());
  CHECK_THAT(load_error(path), Catch::Contains("schema version"));
}

TEST_CASE("json_io: a number that is not finite is a damaged file", "[results][json_io]") {
  // JSON text cannot hold one (nlohmann refuses 1e999 as an overflow), but what
  // reaches the reader is checked all the same.
  auto j = to_json(sample_results());
  j["cells"][0]["samples"][1] = std::numeric_limits<double>::infinity();
  try {
    results_from_json(j, "r.json");
    FAIL("an infinite sample was read");
  } catch (const gm::UsageError& e) {
    CHECK_THAT(e.what(), Catch::Contains("r.json is damaged: `cells[0].samples[1]` is not a finite number"));
  }
  CHECK_THROWS_AS(cell_from_json(j["cells"][0]), std::runtime_error);
}

TEST_CASE("json_io: a NaN is never written into a results file that could not be read back", "[results][json_io]") {
  gm::TempDir dir("gm-json-test");
  auto path = dir.path() / "results.json";
  auto results = sample_results();
  results.measurement.interference_limit = std::nan("");
  try {
    save_results(path, results);
    FAIL("save_results wrote a NaN");
  } catch (const gm::InfraError& e) {
    CHECK_THAT(e.what(), Catch::Contains("measurement.interference_limit"));
    CHECK_THAT(e.what(), Catch::Contains("results.json.unreadable"));
  }
  CHECK_FALSE(fs::exists(path));
}

TEST_CASE("json_io: a missing results file is a usage error", "[results][json_io]") {
  gm::TempDir dir("gm-json-test");
  CHECK_THAT(load_error(dir.path() / "nope.json"), Catch::Contains("cannot read"));
}

TEST_CASE("json_io: shard, overhead and disturbed cells survive a round trip", "[results][json_io]") {
  gm::TempDir dir("gm-json-test");
  auto path = dir.path() / "results.json";
  auto original = sample_results();
  original.shard = ShardInfo{2, 3, {"3.13t"}, {"3.13", "3.13t", "3.14t"}};
  original.overhead = {{"cpu-pure-python", "threads", "3.13t", "3.13", 0.24, Interval{0.2, 0.3}},
                       {"io-sleep", "threads", "3.13t", "3.13", -0.01, std::nullopt}};
  original.cells[0].disturbed = true;
  save_results(path, original);
  auto loaded = load_results(path);
  CHECK(loaded.shard == original.shard);
  REQUIRE(loaded.overhead.size() == 2);
  CHECK(loaded.overhead[0].gil_build == "3.13");
  CHECK(loaded.overhead[0].slowdown == 0.24);
  CHECK(loaded.overhead[0].interval == Interval{0.2, 0.3});
  CHECK_FALSE(loaded.overhead[1].interval);
  CHECK(loaded.cells[0].disturbed);
  CHECK_FALSE(loaded.cells[1].disturbed);
}

TEST_CASE("json_io: files without the newer fields read as before", "[results][json_io]") {
  gm::TempDir dir("gm-json-test");
  auto path = dir.path() / "results.json";
  auto j = to_json(sample_results());
  j.erase("shard");
  j.erase("overhead");
  j["cells"][0].erase("disturbed");
  write_text(path, j.dump());
  auto loaded = load_results(path);
  CHECK_FALSE(loaded.shard);
  CHECK(loaded.overhead.empty());
  CHECK_FALSE(loaded.cells[0].disturbed);
}

TEST_CASE("json_io: every schema version from the oldest readable one is read and remembered", "[results][json_io]") {
  gm::TempDir dir("gm-json-test");
  auto path = dir.path() / "results.json";
  auto j = to_json(sample_results());
  for (int version = kOldestReadableSchemaVersion; version <= kSchemaVersion; ++version) {
    j["schema_version"] = version;
    write_text(path, j.dump());
    CHECK(load_results(path).schema_version == version);
  }
  j["schema_version"] = kOldestReadableSchemaVersion - 1;
  write_text(path, j.dump());
  CHECK_THAT(load_error(path), Catch::Contains(fmt::format("this gilmatrix reads versions {} to {}",
                                                           kOldestReadableSchemaVersion, kSchemaVersion)));
}

TEST_CASE("json_io: a run's folder stands for its results.json", "[results][json_io]") {
  gm::TempDir dir("gm-json-test");
  save_results(dir.path() / "run" / "results.json", sample_results());
  CHECK(results_file(dir.path() / "run") == dir.path() / "run" / "results.json");
  CHECK(load_results(dir.path() / "run").matrix_name == "quick");
  fs::create_directories(dir.path() / "empty");
  CHECK_THAT(load_error(dir.path() / "empty"), Catch::Contains("is a folder without a results.json"));
}

TEST_CASE("json_io: paired rounds, CPU-time and memory overhead and the noise floor survive a round trip",
          "[results][json_io]") {
  gm::TempDir dir("gm-json-test");
  auto path = dir.path() / "results.json";
  auto original = sample_results();
  original.cells[0].round_group = "3.13/cpu/threads#00c0ffee";
  Attempt kept;
  kept.samples = {0.5, 0.51};
  kept.cores_busy = {1.0, 1.0};
  kept.round = 4;
  kept.max_rss_mb = 21.5;
  kept.load_resolution = 0.03;
  kept.layout_padding = 2064;
  original.cells[0].attempts = {kept};
  OverheadRecord o;
  o.workload = "cpu";
  o.executor = "threads";
  o.free_threaded_build = "3.13t";
  o.gil_build = "3.13";
  o.slowdown = 0.2;
  o.interval = Interval{0.18, 0.22};
  o.cpu_slowdown = 0.19;
  o.cpu_interval = Interval{0.17, 0.21};
  o.memory_overhead = 0.12;
  o.memory_interval = Interval{0.11, 0.13};
  o.free_threaded_rss_mb = 24;
  o.gil_rss_mb = 21.4;
  o.rounds = 9;
  original.overhead = {o};
  original.measurement.run_budget = 1080s;
  original.measurement.ratio_estimator = "trimmed-mean";
  NoiseFloor floor;
  floor.cv_one_core = 0.07;
  floor.pair_cv = 0.05;
  floor.predicted_rounds = 12;
  floor.python = "/usr/bin/python3";
  original.noise_floor = floor;
  save_results(path, original);
  auto loaded = load_results(path);
  CHECK(loaded.cells[0].round_group == "3.13/cpu/threads#00c0ffee");
  REQUIRE(loaded.cells[0].attempts.size() == 1);
  CHECK(loaded.cells[0].attempts[0].round == 4);
  CHECK(loaded.cells[0].attempts[0].max_rss_mb == 21.5);
  CHECK(loaded.cells[0].attempts[0].load_resolution == 0.03);
  CHECK(loaded.cells[0].attempts[0].layout_padding == 2064);
  REQUIRE(loaded.overhead.size() == 1);
  CHECK(loaded.overhead[0].cpu_slowdown == 0.19);
  CHECK(loaded.overhead[0].cpu_interval == Interval{0.17, 0.21});
  CHECK(loaded.overhead[0].memory_overhead == 0.12);
  CHECK(loaded.overhead[0].rounds == 9);
  CHECK(loaded.overhead[0].gil_rss_mb == 21.4);
  CHECK(loaded.measurement.run_budget == 1080s);
  CHECK(loaded.measurement.ratio_estimator == "trimmed-mean");
  CHECK(loaded.noise_floor == original.noise_floor);
  // Earlier files: no round, no noise floor.
  auto j = to_json(original);
  j.erase("noise_floor");
  j["cells"][0]["attempts"][0].erase("round");
  j["measurement"].erase("ratio_estimator");
  write_text(path, j.dump());
  auto old = load_results(path);
  CHECK_FALSE(old.noise_floor);
  CHECK(old.measurement.ratio_estimator == "median-bootstrap");  // what gilmatrix used then
  CHECK(old.cells[0].attempts[0].round == -1);
}
