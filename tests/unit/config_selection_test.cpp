#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "config/selection.hpp"
#include "util/error.hpp"

using namespace gm::config;

namespace {

Matrix sample() {
  Matrix m;
  m.name = "sample";
  for (const char* name : {"3.12", "3.13", "3.13t", "3.14t"}) {
    BuildSpec b;
    b.name = name;
    b.version = std::string(name).substr(0, 4);
    b.free_threaded = std::string(name).ends_with('t');
    m.builds.push_back(b);
  }
  WorkloadSpec cpu;
  cpu.name = "cpu-pure-python";
  cpu.executors = {Executor::threads, Executor::processes};
  cpu.gil_modes = std::vector{GilMode::default_mode, GilMode::off};
  cpu.workers = std::vector<WorkerCount>{{false, 8}};
  WorkloadSpec io;
  io.name = "io-sleep";
  io.executors = {Executor::threads};
  m.workloads = {cpu, io};
  return m;
}

std::vector<std::string> names(const auto& items) {
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(item.name);
  return out;
}

// A selection with some parts set: select([](Selection& s) { s.builds = {"3.13"}; }).
template <class Set>
Selection select(Set set) {
  Selection s;
  set(s);
  return s;
}

std::string usage_error(Matrix m, const Selection& s) {
  try {
    apply_selection(m, s);
  } catch (const gm::UsageError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("selection: --build takes names and patterns", "[config][selection]") {
  auto m = sample();
  apply_selection(m, select([](Selection& s) { s.builds = {"3.13*", "3.12"}; }));
  CHECK(names(m.builds) == std::vector<std::string>{"3.12", "3.13", "3.13t"});
}

TEST_CASE("selection: a build no build matches names those that exist", "[config][selection]") {
  auto message = usage_error(sample(), select([](Selection& s) { s.builds = {"3.15"}; }));
  CHECK_THAT(message,
             Catch::Contains("--build 3.15: no build of the matrix matches; it defines 3.12, 3.13, 3.13t, 3.14t"));
  CHECK_THAT(usage_error(sample(), select([](Selection& s) { s.builds = {"3.13x"}; })),
             Catch::Contains("did you mean 3.13"));
  // Every pattern must match: one typo among good names is still an error.
  CHECK_THAT(usage_error(sample(), select([](Selection& s) {
                           s.builds = {"3.13t", "3.9*"};
                         })),
             Catch::Contains("--build 3.9*"));
}

TEST_CASE("selection: --workload keeps the named workloads", "[config][selection]") {
  auto m = sample();
  apply_selection(m, select([](Selection& s) { s.workloads = {"io-*"}; }));
  CHECK(names(m.workloads) == std::vector<std::string>{"io-sleep"});
  CHECK_THAT(usage_error(sample(), select([](Selection& s) { s.workloads = {"cpu"}; })),
             Catch::Contains("no workload of the matrix matches; it defines cpu-pure-python, io-sleep"));
}

TEST_CASE("selection: --executor narrows each workload and drops those left with none", "[config][selection]") {
  auto m = sample();
  apply_selection(m, select([](Selection& s) { s.executors = {"processes"}; }));
  REQUIRE(names(m.workloads) == std::vector<std::string>{"cpu-pure-python"});
  CHECK(m.workloads[0].executors == std::vector{Executor::processes});
  CHECK_THAT(
      usage_error(sample(), select([](Selection& s) { s.executors = {"interpreters"}; })),
      Catch::Contains("--executor interpreters: no workload selected uses that executor; they use threads, processes"));
  CHECK_THAT(usage_error(sample(), select([](Selection& s) { s.executors = {"thread"}; })),
             Catch::Contains("did you mean threads?"));
}

TEST_CASE("selection: --gil-mode narrows the modes, defaults included", "[config][selection]") {
  auto m = sample();
  apply_selection(m, select([](Selection& s) { s.gil_modes = {"off"}; }));
  REQUIRE(names(m.workloads) == std::vector<std::string>{"cpu-pure-python"});
  CHECK(*m.workloads[0].gil_modes == std::vector{GilMode::off});
  CHECK_THAT(usage_error(sample(), select([](Selection& s) { s.gil_modes = {"on"}; })),
             Catch::Contains("they use default, off"));
}

TEST_CASE("selection: --workers and --repeats replace the matrix's values", "[config][selection]") {
  auto m = sample();
  apply_selection(m, select([](Selection& s) {
                    s.workers = {"2", "all"};
                    s.repeats = 3;
                  }));
  CHECK(m.defaults.workers == std::vector<WorkerCount>{{false, 2}, {true, 0}});
  CHECK_FALSE(m.workloads[0].workers);
  CHECK(m.defaults.repeats == Repeats{3, false});
  CHECK_THAT(usage_error(sample(), select([](Selection& s) { s.workers = {"two"}; })),
             Catch::Contains("--workers two"));
}

TEST_CASE("selection: a combination that leaves no workload is an error", "[config][selection]") {
  CHECK_THAT(usage_error(sample(), select([](Selection& s) {
                           s.workloads = {"io-sleep"};
                           s.executors = {"processes"};
                         })),
             Catch::Contains("--executor processes"));
}

TEST_CASE("selection: no cell after expansion says why", "[config][selection]") {
  Expansion none;
  none.notes = {"GIL mode \"off\" applies only to free-threaded builds; skipped on 3.12"};
  CHECK_THROWS_WITH(check_selection_leaves_cells(select([](Selection& s) { s.gil_modes = {"off"}; }), none),
                    Catch::Contains("leaves no cell") && Catch::Contains("only to free-threaded builds"));
  CHECK_NOTHROW(check_selection_leaves_cells({}, none));  // without a selection an empty matrix is not our error
}

TEST_CASE("selection: --workload keeps only the package sets the chosen workloads use", "[config][selection]") {
  auto with_sets = [] {
    auto m = sample();
    PackageSet extensions, plain;
    extensions.name = "extensions";
    plain.name = "plain";
    m.packages = {extensions, plain};
    m.workloads[0].packages = "extensions";  // cpu-pure-python
    return m;
  };
  auto m = with_sets();
  apply_selection(m, select([](Selection& s) { s.workloads = {"io-sleep"}; }));
  CHECK(m.packages.empty());
  m = with_sets();
  apply_selection(m, select([](Selection& s) { s.workloads = {"cpu-*"}; }));
  CHECK(names(m.packages) == std::vector<std::string>{"extensions"});
  // Without --workload every set stays: the matrix lists them to be checked.
  m = with_sets();
  apply_selection(m, select([](Selection& s) { s.builds = {"3.13t"}; }));
  CHECK(names(m.packages) == std::vector<std::string>{"extensions", "plain"});
}
