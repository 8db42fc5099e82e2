#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "results/json_io.hpp"
#include "results/paired.hpp"

namespace fs = std::filesystem;
using namespace gm::results;
using namespace std::chrono_literals;

namespace {

// How many members a record's JSON lists (GM_JSON_RECORD / GM_JSON_MEMBERS).
template <class Record>
constexpr std::size_t listed = json_member_count(static_cast<const Record*>(nullptr));

// Every member set to a value other than its default.
RunResults every_field_set() {
  RunResults r;
  r.matrix_name = "m";
  r.matrix_file = "/m.toml";
  r.matrix_sha256 = "abc";
  r.started_at = "s";
  r.finished_at = "f";
  r.wall_seconds = 1.5;
  r.interrupted = true;
  r.reproduce = "gilmatrix run m.toml";
  r.cache_dir = "/cache";
  r.skip_missing = true;
  r.selection = {"--workload a"};
  r.environment = {
      "cpu",         2,     4,       "os", "kernel", "arch",     "gcc", "0.1", {"gilmatrix", "run"}, "/w", "/home",
      "performance", "off", {"0,4"}, true, 0.5,      {"warning"}};
  gm::harness::ProbeInfo probe{"/py",   "3.13.0", "CPython", true,      false,           ".so", "t",
                               "soabi", "linux",  "gcc",     "/prefix", "--disable-gil", true,  true};
  BuildDetails details{"3.13.0",
                       "t.tar.xz",
                       "mirror",
                       "sha",
                       "url",
                       "ref",
                       "commit",
                       false,
                       "problem",
                       "key",
                       true,
                       "repair",
                       {"--disable-gil"},
                       {"_tkinter"},
                       BuildSeconds{1, 2, 3},
                       "at",
                       "log",
                       "tail",
                       "make"};
  r.builds = {{"3.13t", BuildStatus::build_failed, "reason", "source", "/py", probe, details}};
  CellResult c;
  c.cell = {"3.13t", "w", gm::config::Executor::processes, gm::config::GilMode::off, 4, {7, true}, 0, 0ms, 90s};
  c.status = CellStatus::timeout;
  c.samples = {0.5};
  c.iterations = 9;
  c.iterations_source = "calibrated";
  c.median_seconds = 0.5;
  c.median_interval = Interval{0.4, 0.6};
  c.cv = 0.1;
  c.unstable = true;
  c.stop_reason = "budget";
  c.speedup = 3.5;
  c.speedup_interval = Interval{3, 4};
  c.efficiency = 0.9;
  c.cores_busy = {3.9};
  c.cores_busy_median = 3.9;
  c.watched_cpus = {0, 1};
  c.others_share = 0.01;
  c.steal_share = 0.02;
  c.disturbed = true;
  c.implausible = true;
  c.attempts = {{{0.5}, {1.0}, 0.1, 0.2, 0.03, false, "disturbed", 3, 21.5, 2064}};
  c.round_group = "g";
  c.gil_enabled_after_import = true;
  c.gil_enabled_after = false;
  c.error = "error";
  c.cpus = {2, 3};
  c.wall_seconds = 9.5;
  r.cells = {c};
  r.environments = {{"3.13t", "set", "key", "/venv/python", {"--no-index"}, true, {{"d", "1.0", {"d._ext"}}}}};
  r.installs = {{"3.13t", "set", "d==1.0", true, "detail", "log", "cause"}};
  r.module_checks = {{"3.13t", "set", "d", "1.0", "d._ext", ModuleStatus::reenables_gil, "d._ext", "detail", "C API",
                      "fix", "reproduce", true}};
  r.together = {{"3.13t", "set", ModuleStatus::crashed, true, "d._ext", "detail"}};
  r.measurement.recorded = true;
  r.measurement.isolation = gm::config::Isolation::packed;
  r.measurement.sample_time = 250ms;
  r.measurement.precision = 0.02;
  r.measurement.cell_budget = 15s;
  r.measurement.run_budget = 600s;
  r.measurement.max_samples = 30;
  r.measurement.interference_limit = 0.2;
  r.measurement.attempts = 5;
  r.measurement.plausible_margin = 0.1;
  r.measurement.expectation_tolerance = 0.3;
  r.measurement.ratio_estimator = kTrimmedMeanEstimator;
  r.workloads = {{"w", "/w.py", "a workload", nlohmann::json{{"min", 2}}, "sha"}};
  r.overhead = {{"w", "threads", "3.13t", "3.13", 0.2, Interval{0.1, 0.3}, 0.01, 0.008, 0.19, Interval{0.17, 0.21},
                 0.12, Interval{0.1, 0.14}, 22.0, 20.0, 9}};
  r.findings = {{finding_kind::expectation, "key", "text"}};
  r.workload_package_sets = {{"w", "set"}};
  r.shard = ShardInfo{2, 3, {"3.13t"}, {"3.13", "3.13t"}};
  r.noise_floor = NoiseFloor{0.05, 8, 0.01, 0.02, 0.005, 0.001, 0.03, 12, "/py"};
  r.notes = {"note"};
  RaceFinding race{"data race", "d._ext", "add", "/src/d/ext.c", 9,        "add ext.c:9",
                   3,           2,        true,  "/logs/tsan.1", "WARNING"};
  r.thread_safety = {{"3.13t",
                      "set",
                      "d",
                      "1.0",
                      "d._ext",
                      ThreadVerdict::race,
                      Declaration{DeclarationState::declares, "Py_mod_gil slot", "ext.c:17"},
                      {race},
                      20,
                      2,
                      8,
                      100,
                      true,
                      "statement",
                      "detail",
                      "stacks",
                      "c stacks",
                      "finding",
                      "fix",
                      "reproduce"}};
  r.stress_runs = {{"3.13t",
                    "set",
                    true,
                    "/src/stress.py",
                    10,
                    8,
                    100,
                    {"PYTHON_GIL=0"},
                    "halt_on_error=0",
                    {race},
                    {race},
                    {{"race:add", "CPython", 3, "broad"}},
                    {{"test_add", 800, 2, true, "Traceback"}},
                    {"problem"},
                    "/logs/stress"}};
  r.workload_races = {{"3.13t-tsan",
                       "counting",
                       "set",
                       3,
                       {race},
                       {race},
                       {race},
                       {{"race:add", "CPython", 3, ""}},
                       "log_path=/logs/t exitcode=0",
                       "/logs/3.13t-tsan/counting/tsan"}};
  return r;
}

}  // namespace

TEST_CASE("results model: every member of every record is in its JSON", "[results][model]") {
  // A structured binding names every member: adding one to a record stops this
  // from compiling until the record's JSON list and this count are updated too.
  [[maybe_unused]] auto [e1, e2, e3, e4, e5, e6, e7, e8, e9, e10, e11, e12, e13, e14, e15, e16, e17] = MachineInfo{};
  CHECK(listed<MachineInfo> == 17);
  [[maybe_unused]] auto [b1, b2, b3, b4, b5, b6, b7] = BuildRecord{};
  CHECK(listed<BuildRecord> == 7);
  [[maybe_unused]] auto [i1, i2] = Interval{};
  CHECK(listed<Interval> == 2);
  [[maybe_unused]] auto [a1, a2, a3, a4, a5, a6, a7, a8, a9, a10] = Attempt{};
  CHECK(listed<Attempt> == 10);
  [[maybe_unused]] auto [c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20, c21,
                         c22, c23, c24, c25, c26, c27] = CellResult{};
  CHECK(listed<CellResult> == 27 - 1);  // `cell` is written flat by json_io.cpp
  [[maybe_unused]] auto [n1, n2, n3, n4, n5, n6, n7] = InstallRecord{};
  CHECK(listed<InstallRecord> == 7);
  [[maybe_unused]] auto [v1, v2, v3, v4, v5, v6, v7] = PackageEnvironmentRecord{};
  CHECK(listed<PackageEnvironmentRecord> == 7);
  [[maybe_unused]] auto [d1, d2, d3] = PackageEnvironmentRecord::Distribution{};
  CHECK(listed<PackageEnvironmentRecord::Distribution> == 3);
  [[maybe_unused]] auto [m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12] = ModuleCheck{};
  CHECK(listed<ModuleCheck> == 12);
  [[maybe_unused]] auto [t1, t2, t3, t4, t5, t6] = TogetherCheck{};
  CHECK(listed<TogetherCheck> == 6);
  [[maybe_unused]] auto [w1, w2, w3, w4, w5] = WorkloadInfo{};
  CHECK(listed<WorkloadInfo> == 5);
  [[maybe_unused]] auto [o1, o2, o3, o4, o5, o6, o7, o8, o9, o10, o11, o12, o13, o14, o15] = OverheadRecord{};
  CHECK(listed<OverheadRecord> == 15);
  [[maybe_unused]] auto [f1, f2, f3] = Finding{};
  CHECK(listed<Finding> == 3);
  [[maybe_unused]] auto [z1, z2, z3, z4, z5, z6, z7, z8, z9] = NoiseFloor{};
  CHECK(listed<NoiseFloor> == 9);
  [[maybe_unused]] auto [s1, s2, s3, s4] = ShardInfo{};
  CHECK(listed<ShardInfo> == 4);
  [[maybe_unused]] auto [g1, g2, g3, g4, g5, g6, g7, g8, g9, g10] = gm::config::Measurement{};
  CHECK(listed<gm::config::Measurement> == 10);
  [[maybe_unused]] auto [x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15, x16, x17, x18, x19] =
      BuildDetails{};
  CHECK(listed<BuildDetails> == 19);
  [[maybe_unused]] auto [p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14] = gm::harness::ProbeInfo{};
  CHECK(listed<gm::harness::ProbeInfo> == 14);
  [[maybe_unused]] auto [k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, k12, k13, k14] =
      gm::cpython_build::BuildMetadata{};
  CHECK(listed<gm::cpython_build::BuildMetadata> == 14);
  [[maybe_unused]] auto [q1, q2, q3, q4, q5, q6, q7] = gm::cpython_build::SourceFacts{};
  CHECK(listed<gm::cpython_build::SourceFacts> == 7);
  [[maybe_unused]] auto [h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11] = RaceFinding{};
  CHECK(listed<RaceFinding> == 11);
  [[maybe_unused]] auto [l1, l2, l3] = Declaration{};
  CHECK(listed<Declaration> == 3);
  [[maybe_unused]] auto [u1, u2, u3, u4, u5, u6, u7, u8, u9, u10, u11, u12, u13, u14, u15, u16, u17, u18, u19, u20] =
      ThreadSafetyCheck{};
  CHECK(listed<ThreadSafetyCheck> == 20);
  [[maybe_unused]] auto [y1, y2, y3, y4] = SuppressionRule{};
  CHECK(listed<SuppressionRule> == 4);
  [[maybe_unused]] auto [j1, j2, j3, j4, j5] = StressFunctionTally{};
  CHECK(listed<StressFunctionTally> == 5);
  [[maybe_unused]] auto [sv1, sv2, sv3, sv4, sv5, sv6, sv7, sv8, sv9, sv10, sv11, sv12, sv13, sv14, sv15] =
      StressSummary{};
  CHECK(listed<StressSummary> == 15);
  [[maybe_unused]] auto [wr1, wr2, wr3, wr4, wr5, wr6, wr7, wr8, wr9, wr10] = WorkloadRaces{};
  CHECK(listed<WorkloadRaces> == 10);
  [[maybe_unused]] auto [r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12, r13, r14, r15, r16, r17, r18, r19, r20, r21,
                         r22, r23, r24, r25, r26, r27, r28, r29, r30] = RunResults{};
  CHECK(listed<RunResults> == 30 - 4);  // schema_version and matrix_* are written around them by json_io.cpp
}

TEST_CASE("results model: every field of every record survives JSON", "[results][model]") {
  const auto original = every_field_set();
  const auto j = to_json(original);
  const auto back = results_from_json(j, "r.json");
  CHECK(back.matrix_name == original.matrix_name);
  CHECK(back.matrix_file == original.matrix_file);
  CHECK(back.matrix_sha256 == original.matrix_sha256);
  // Compared member by member of RunResults, so a failure names the record.
  CHECK(back.environment == original.environment);
  CHECK(back.builds == original.builds);
  CHECK(back.cells == original.cells);
  CHECK(back.environments == original.environments);
  CHECK(back.installs == original.installs);
  CHECK(back.module_checks == original.module_checks);
  CHECK(back.together == original.together);
  CHECK(back.thread_safety == original.thread_safety);
  CHECK(back.stress_runs == original.stress_runs);
  CHECK(back.workload_races == original.workload_races);
  CHECK(back.measurement == original.measurement);
  CHECK(back.workloads == original.workloads);
  CHECK(back.overhead == original.overhead);
  CHECK(back.findings == original.findings);
  CHECK(back.workload_package_sets == original.workload_package_sets);
  CHECK(back.shard == original.shard);
  CHECK(back.noise_floor == original.noise_floor);
  CHECK(back.notes == original.notes);
  CHECK(back.selection == original.selection);
  CHECK(std::tie(back.started_at, back.finished_at, back.wall_seconds, back.interrupted, back.reproduce, back.cache_dir,
                 back.skip_missing) == std::tie(original.started_at, original.finished_at, original.wall_seconds,
                                                original.interrupted, original.reproduce, original.cache_dir,
                                                original.skip_missing));
  // And no member was left at its default by every_field_set, so none could pass unnoticed.
  CHECK(to_json(RunResults{}) != j);
  CHECK(j["cells"][0].size() == listed<CellResult> + 9);  // key, build, workload, executor, gil_mode, workers,
                                                          // repeats, auto_repeats, timeout_ms
  CHECK(j["cells"][0]["attempts"][0].size() == listed<Attempt>);
  CHECK(j["module_checks"][0].size() == listed<ModuleCheck>);
  CHECK(j["builds"][0]["details"].size() == listed<BuildDetails>);
  CHECK(j["measurement"].size() == listed<gm::config::Measurement> + 1);
}

TEST_CASE("results model: the committed example's results.json is written again byte for byte", "[results][model]") {
  const auto path = fs::path(GILMATRIX_SOURCE_DIR) / "reports" / "example" / "results.json";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(to_json(load_results(path)).dump(2) + "\n" == text.str());
}

TEST_CASE("results model: a file written before the measurement settings were writes them as it held them",
          "[results][model]") {
  auto old = load_results(fs::path(GILMATRIX_TEST_DATA_DIR) / "results_two_builds.json");
  CHECK_FALSE(old.measurement.recorded);
  CHECK(old.measurement.precision == 0);
  auto written = to_json(old)["measurement"];
  CHECK(written == nlohmann::json::parse(R"({"attempts": 0, "cell_budget": 0.0, "expectation_tolerance": 0.0,
      "interference_limit": 0.0, "isolation": "", "max_samples": 0, "plausible_margin": 0.0, "precision": 0.0,
      "ratio_estimator": "", "run_budget": 0.0, "sample_time": 0.0})"));
  CHECK(results_from_json(to_json(old), "r.json").measurement == old.measurement);
}
