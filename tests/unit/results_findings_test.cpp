#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "results/findings.hpp"
#include "results/overhead.hpp"
#include "results/paired.hpp"

using namespace gm::results;
using gm::config::Executor;
using gm::config::GilMode;

namespace {

BuildRecord build(const std::string& name, bool free_threaded, const std::string& sha = "abc",
                  const std::string& version = "3.13.15") {
  BuildRecord b;
  b.name = name;
  b.probe = gm::harness::ProbeInfo{};
  b.probe->version = version;
  b.probe->free_threaded = free_threaded;
  b.probe->compiler = "GCC 12.2.0";
  b.details.sha256 = sha;
  b.details.configure = free_threaded ? std::vector<std::string>{"--disable-gil"} : std::vector<std::string>{};
  return b;
}

CellResult cell(const std::string& build, int workers, double speedup, Executor executor = Executor::threads,
                GilMode mode = GilMode::default_mode) {
  CellResult c;
  c.cell.build = build;
  c.cell.workload = "cpu";
  c.cell.executor = executor;
  c.cell.gil_mode = mode;
  c.cell.workers = workers;
  c.status = CellStatus::ok;
  c.speedup = speedup;
  return c;
}

RunResults run_with_expectations() {
  RunResults run;
  run.builds = {build("3.13", false), build("3.13t", true)};
  run.workloads = {{"cpu", "cpu.py", "CPU work",
                    nlohmann::json::parse(R"({"threads": {"gil": 1, "free-threaded": "N"}, "processes": "N"})"), ""}};
  return run;
}

}  // namespace

TEST_CASE("findings: speedups within the expected band are not findings", "[results][findings]") {
  auto run = run_with_expectations();
  run.cells = {cell("3.13", 2, 1.05), cell("3.13t", 2, 1.9), cell("3.13", 2, 2.1, Executor::processes)};
  CHECK(find_deviations(run, 0.25, nullptr).empty());
}

TEST_CASE("findings: a free-threaded cell far below N is a finding with its diagnosis", "[results][findings]") {
  auto run = run_with_expectations();
  auto c = cell("3.13t", 2, 1.02);
  c.speedup_interval = Interval{0.98, 1.05};
  c.gil_enabled_after = true;
  c.cores_busy_median = 1.0;
  run.cells = {c};
  auto findings = find_deviations(run, 0.25, nullptr);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == finding_kind::expectation);
  CHECK(findings[0].cell == "3.13t/cpu/threads/default/x2");
  CHECK_THAT(findings[0].text, Catch::StartsWith("cpu, threads, 3.13t, 2 workers: expected about 2x, measured "
                                                 "1.02x [0.98, 1.05]"));
  CHECK_THAT(findings[0].text, Catch::Contains("the GIL was on during the work"));
  CHECK_THAT(findings[0].text, Catch::Contains("1.0 cores busy"));
}

TEST_CASE("findings: GIL mode on is judged against the GIL expectation", "[results][findings]") {
  auto run = run_with_expectations();
  run.cells = {cell("3.13t", 2, 1.0, Executor::threads, GilMode::on)};
  CHECK(find_deviations(run, 0.25, nullptr).empty());
}

TEST_CASE("findings: disturbed and implausible cells are listed, a noisy one is not", "[results][findings]") {
  auto run = run_with_expectations();
  auto disturbed = cell("3.13", 1, 1.0);
  disturbed.disturbed = true;
  disturbed.others_share = 0.38;
  auto implausible = cell("3.13", 2, 2.4, Executor::processes);
  implausible.implausible = true;
  auto unstable = cell("3.13t", 1, 1.0);
  unstable.unstable = true;
  unstable.cv = 0.31;
  run.cells = {disturbed, implausible, unstable};
  auto findings = find_deviations(run, 0.25, nullptr);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].kind == finding_kind::disturbed);
  CHECK_THAT(findings[0].text, Catch::Contains("other processes used 38% of its cores"));
  CHECK(findings[1].kind == finding_kind::implausible);
  CHECK_THAT(findings[1].text, Catch::Contains("2.40x is more than 2 workers can give"));
}

TEST_CASE("findings: a speedup above the cores its workers kept busy is named as such", "[results][findings]") {
  auto run = run_with_expectations();
  run.measurement.plausible_margin = 0.05;
  auto base = cell("3.13", 1, 1.0);
  base.cores_busy = {1.0, 1.0};
  base.median_seconds = 0.5;
  auto contradicting = cell("3.13", 2, 1.31, Executor::threads);
  contradicting.speedup_interval = gm::results::Interval{1.26, 1.63};
  contradicting.cores_busy = {1.0, 1.01};
  contradicting.implausible = true;
  run.cells = {base, contradicting};
  auto findings = find_deviations(run, 0.25, nullptr);
  REQUIRE_FALSE(findings.empty());
  CHECK(findings[0].kind == finding_kind::implausible);
  CHECK_THAT(findings[0].text, Catch::Contains("with 1.0 cores busy, against 1.0 for 1 worker"));
  CHECK_THAT(findings[0].text, Catch::Contains("cannot be real"));
}

TEST_CASE("findings: a deviation only where the interval lies outside the expected band", "[results][findings]") {
  auto run = run_with_expectations();
  auto maybe = cell("3.13t", 2, 1.2);  // expected about 2x (x 0.75 = 1.5 at the least)
  maybe.speedup_interval = Interval{1.1, 1.6};
  auto surely = cell("3.13t", 2, 1.2, Executor::threads, GilMode::off);
  surely.speedup_interval = Interval{1.1, 1.3};
  run.cells = {maybe, surely};
  auto findings = find_deviations(run, 0.25, nullptr);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].cell == surely.cell.key());
}

TEST_CASE("findings: speedups that missed the precision target are one line per workload", "[results][findings]") {
  auto run = run_with_expectations();
  run.measurement.precision = 0.03;
  auto wide = cell("3.13t", 2, 2.0);
  wide.speedup_interval = Interval{1.8, 2.2};  // +-10%
  auto wider = cell("3.13", 2, 1.0, Executor::processes);
  wider.speedup_interval = Interval{0.8, 1.2};  // +-20%, and inside the 2x band's 0.75 tolerance? no: a deviation too
  auto narrow = cell("3.13t", 2, 2.0, Executor::threads, GilMode::off);
  narrow.speedup_interval = Interval{1.96, 2.04};
  auto fixed = cell("3.13", 2, 1.0, Executor::threads, GilMode::on);
  fixed.speedup_interval = Interval{0.5, 1.5};  // repeats = 5: no target to miss
  for (auto* c : {&wide, &wider, &narrow}) c->cell.repeats = {5, true};
  run.cells = {wide, wider, narrow, fixed};
  auto imprecise = imprecise_findings(run);
  REQUIRE(imprecise.size() == 1);
  CHECK(imprecise[0].kind == finding_kind::imprecise);
  CHECK_THAT(imprecise[0].text, Catch::StartsWith("cpu: 2 of 4 speedups did not reach ±3% within their budget "
                                                  "(widest ±20.0%: 3.13 processes default, 2 workers)"));
  CHECK(precision_of(narrow) == Approx(0.02));
  CHECK_FALSE(gm::results::imprecise(narrow, 0.03));
  CHECK_FALSE(gm::results::imprecise(fixed, 0.03));
}

TEST_CASE("findings: overhead figures that missed the precision target are one line, judged on time and memory",
          "[results][findings]") {
  auto run = run_with_expectations();
  run.measurement.precision = 0.03;
  auto ft = cell("3.13t", 1, 1.0);
  ft.cell.repeats = {3, true};
  run.cells = {ft};
  OverheadRecord precise{"cpu", "threads", "3.13t", "3.13", 0.10, Interval{0.09, 0.11}};
  precise.cpu_slowdown = 0.10;
  precise.cpu_interval = Interval{0.08, 0.12};  // +-2 points
  precise.memory_overhead = 0.2;
  precise.memory_interval = Interval{0.19, 0.21};
  precise.rounds = 6;
  auto wide_memory = precise;
  wide_memory.memory_interval = Interval{0.1, 0.3};  // +-10 points
  auto waits = precise;                              // no CPU time figure: wall time is the headline
  waits.cpu_slowdown.reset();
  waits.cpu_interval.reset();
  waits.interval = Interval{0.05, 0.15};  // +-5 points
  CHECK(overhead_precision_of(precise) == Approx(0.02));
  CHECK(overhead_precision_of(wide_memory) == Approx(0.10));
  CHECK(overhead_precision_of(waits) == Approx(0.05));
  CHECK_FALSE(overhead_imprecise(run, precise));
  CHECK(overhead_imprecise(run, wide_memory));
  CHECK(overhead_imprecise(run, waits));
  run.overhead = {precise, wide_memory, waits};
  auto imprecise = imprecise_findings(run);
  REQUIRE(imprecise.size() == 1);
  CHECK(imprecise[0].text ==
        "free-threading overhead: 2 of 3 did not reach ±3 points within their budget (widest "
        "±10.0 points: cpu, 3.13t over 3.13); marked ⚠ in the table");
  // A fixed number of rounds had no target to miss.
  run.cells[0].cell.repeats = {3, false};
  CHECK_FALSE(overhead_imprecise(run, wide_memory));
}

TEST_CASE("overhead: judged in CPU time where the work keeps a core busy, in wall time where it waits",
          "[results][overhead]") {
  auto ft = cell("3.13t", 1, 1.0), gil = cell("3.13", 1, 1.0);
  ft.cores_busy_median = 0.98;
  gil.cores_busy_median = 0.99;
  CHECK(overhead_in_cpu_time(ft, gil));
  ft.cores_busy_median = 0.01;  // sleeping
  CHECK_FALSE(overhead_in_cpu_time(ft, gil));
}

TEST_CASE("findings: a malformed declaration becomes a note, not a crash", "[results][findings]") {
  RunResults run;
  run.builds = {build("3.13", false)};
  run.workloads = {{"cpu", "cpu.py", "", nlohmann::json::parse(R"({"threads": "fast"})"), ""}};
  run.cells = {cell("3.13", 2, 0.5)};
  std::vector<std::string> notes;
  CHECK(find_deviations(run, 0.25, &notes).empty());
  REQUIRE(notes.size() == 1);
  CHECK_THAT(notes[0], Catch::Contains("workload cpu: EXPECTED_SPEEDUP[\"threads\"]"));
}

TEST_CASE("overhead: builds of one source differing only in --disable-gil are paired", "[results][overhead]") {
  CHECK(same_but_for_free_threading(build("3.13t", true), build("3.13", false)));
  CHECK_FALSE(same_but_for_free_threading(build("3.13t", true), build("3.13", false, "other-tarball")));
  CHECK_FALSE(same_but_for_free_threading(build("3.13t", true), build("3.12", false, "abc", "3.12.1")));
  CHECK_FALSE(same_but_for_free_threading(build("3.13", false), build("3.13t", true)));
  auto optimized = build("3.13", false);
  optimized.details.configure = {"--enable-optimizations"};
  CHECK_FALSE(same_but_for_free_threading(build("3.13t", true), optimized));
}

TEST_CASE("overhead: existing interpreters pair when their configure arguments match", "[results][overhead]") {
  auto ft = build("sys-t", true, "");
  auto gil = build("sys", false, "");
  ft.details = gil.details = gm::results::BuildDetails{};
  ft.probe->config_args = "'--prefix=/opt/py313t' '--enable-shared' '--disable-gil'";
  gil.probe->config_args = "'--prefix=/opt/py313' '--enable-shared'";
  CHECK(same_but_for_free_threading(ft, gil));
  gil.probe->config_args = "'--prefix=/opt/py313' '--enable-shared' '--with-lto'";
  CHECK_FALSE(same_but_for_free_threading(ft, gil));
}

TEST_CASE("overhead: the 1-worker slowdown compares time per unit of work", "[results][overhead]") {
  RunResults run;
  run.builds = {build("3.13", false), build("3.13t", true)};
  auto gil = cell("3.13", 1, 1.0);
  gil.iterations = 100;
  gil.samples = {1.0, 1.0, 1.0};
  auto ft = cell("3.13t", 1, 1.0);
  ft.iterations = 80;  // calibrated separately: fewer units in the same time
  ft.samples = {1.0, 1.0, 1.0};
  run.cells = {gil, ft, cell("3.13t", 2, 2.0)};
  auto overhead = free_threading_overhead(run);
  REQUIRE(overhead.size() == 1);
  CHECK(overhead[0].free_threaded_build == "3.13t");
  CHECK(overhead[0].gil_build == "3.13");
  CHECK(overhead[0].executor == "threads");
  CHECK(overhead[0].slowdown == Approx(0.25));
  REQUIRE(overhead[0].interval);
  CHECK(overhead[0].interval->low == Approx(0.25));
}

TEST_CASE("two regimes: rounds that fall into two groups far apart, each of two rounds or more",
          "[results][paired][regimes]") {
  // 3.14t shared-dict threads x2, run 3 of 2026-12-07's repeatability bench: mostly 0.83x, two rounds
  // slow, one of them straddling the change (one sample fast, one slow); runs 1 and 2 gave 0.42x and 0.40x.
  auto split = two_regimes({0.798, 0.816, 0.822, 0.826, 0.832, 0.833, 0.847, 0.855, 0.388, 0.496});
  REQUIRE(split);
  CHECK(split->high == Approx(0.829).epsilon(0.005));
  CHECK(split->high_rounds == 8);
  CHECK(split->low == Approx(0.439).epsilon(0.005));
  CHECK(split->low_rounds == 2);
  // Noise around one value, a single wild round (what trimming is for), too few rounds, and a gap no
  // wider than the spread on either side: one figure.
  CHECK_FALSE(two_regimes({1.95, 2.02, 1.98, 2.05, 1.91, 2.0, 1.97, 2.03}));
  CHECK_FALSE(two_regimes({2.0, 2.01, 1.99, 2.0, 2.02, 1.0}));
  CHECK_FALSE(two_regimes({2.0, 2.0, 1.0}));
  CHECK_FALSE(two_regimes({1.0, 1.2, 1.4, 1.8, 2.0, 2.3}));
}

TEST_CASE("findings: a speedup whose rounds fell into two regimes is a finding", "[results][findings][regimes]") {
  auto run = run_with_expectations();
  auto rounds_of = [](CellResult c, const std::vector<double>& seconds) {
    c.round_group = "g#1";
    for (std::size_t r = 0; r < seconds.size(); ++r) {
      Attempt a;
      a.round = static_cast<int>(r);
      a.samples = {seconds[r]};
      c.attempts.push_back(a);
    }
    c.samples = seconds;
    c.median_seconds = seconds.front();
    return c;
  };
  auto one = rounds_of(cell("3.13t", 1, 1.0), {0.05, 0.05, 0.05, 0.05, 0.05, 0.05});
  auto two = rounds_of(cell("3.13t", 2, 0.82), {0.122, 0.122, 0.122, 0.122, 0.24, 0.24});
  run.cells = {one, two};
  auto findings = find_deviations(run, 0.25, nullptr);
  auto regimes =
      std::find_if(findings.begin(), findings.end(), [](const Finding& f) { return f.kind == finding_kind::regimes; });
  REQUIRE(regimes != findings.end());
  CHECK(regimes->cell == two.cell.key());
  CHECK_THAT(regimes->text, Catch::Contains("its rounds fell into two groups, 0.82x (4 rounds) and 0.42x (2)"));
}
