#include <unistd.h>

#include <catch2/catch.hpp>

#include "compat/workload_races.hpp"
#include "util/paths.hpp"

namespace fs = std::filesystem;
using namespace gm::compat;

namespace {

// A workload's TSan log folder, filled with logs captured on this machine
// (tests/data/tsan), as runner processes would have left them.
struct WorkloadLogFolder {
  fs::path dir = fs::temp_directory_path() / ("gilmatrix-workload-races-test-" + std::to_string(::getpid()));
  WorkloadLogFolder() { fs::create_directories(dir); }
  ~WorkloadLogFolder() { fs::remove_all(dir); }
  void add(const std::string& data, const std::string& as) {
    fs::copy_file(fs::path(GILMATRIX_TEST_DATA_DIR) / "tsan" / data, dir / as);
  }
  WorkloadLogs logs() const {
    WorkloadLogs l;
    l.build = "3.14t-tsan";
    l.workload = "counting";
    l.package_set = "counters";
    l.dir = dir;
    l.objects = {{"racy_counter.cpython-314t-x86_64-linux-gnu.so", "racy_counter"},
                 {"atomic_counter.cpython-314t-x86_64-linux-gnu.so", "atomic_counter"}};
    return l;
  }
};

}  // namespace

TEST_CASE("workload logs: a race in a package's module is blamed on it, counted over processes") {
  WorkloadLogFolder folder;
  folder.add("racy_counter.log", "threads-default-x1.tsan.101");
  folder.add("racy_counter.log", "threads-default-x1.tsan.202");
  auto races = judge_workload_logs(folder.logs());
  CHECK(races.build == "3.14t-tsan");
  CHECK(races.workload == "counting");
  CHECK(races.logs == 2);
  REQUIRE(races.in_modules.size() == 1);
  const auto& race = races.in_modules.front();
  CHECK(race.module == "racy_counter");
  CHECK(race.kind == "data race");
  CHECK(race.function == "add");
  CHECK(race.line == 9);
  CHECK(race.runs == 2);  // both processes
  CHECK(race.reports >= 2);
  CHECK(race.log.find("threads-default-x1.tsan.") != std::string::npos);
  CHECK(races.in_cpython.empty());
}

TEST_CASE("workload logs: reports all inside CPython are never a package's") {
  WorkloadLogFolder folder;
  folder.add("rangeiter_in_cpython.log", "threads-off-x2.tsan.7");
  auto races = judge_workload_logs(folder.logs());
  CHECK(races.in_modules.empty());
  CHECK_FALSE(races.in_cpython.empty());
  CHECK(races.in_cpython.front().module.empty());
}

TEST_CASE("workload logs: no log file is no report, and a module no package set owns is another library") {
  WorkloadLogFolder folder;
  auto none = judge_workload_logs(folder.logs());
  CHECK(none.logs == 0);
  CHECK(none.in_modules.empty());
  CHECK(none.in_cpython.empty());

  folder.add("racy_counter.log", "threads-default-x2.tsan.9");
  auto logs = folder.logs();
  logs.objects.clear();  // the workload ran in the build's own interpreter: no package set
  logs.package_set.clear();
  auto races = judge_workload_logs(logs);
  CHECK(races.in_modules.empty());
  REQUIRE(races.in_other_libraries.size() == 1);
  CHECK(races.in_other_libraries.front().module == "racy_counter.cpython-314t-x86_64-linux-gnu.so");
}

TEST_CASE("workload logs: the rules that hid reports are counted, a user's broad rule warned about") {
  WorkloadLogFolder folder;
  folder.add("rangeiter_suppressed.log", "threads-default-x1.tsan.3");
  auto logs = folder.logs();
  logs.user_rules = {"race:_PyEval_EvalFrameDefault"};
  logs.user_rules_file = "/home/me/tsan.supp";
  auto races = judge_workload_logs(logs);
  REQUIRE_FALSE(races.suppressions.empty());
  CHECK(races.suppressions.front().rule == "race:_PyEval_EvalFrameDefault");
  CHECK(races.suppressions.front().origin == "/home/me/tsan.supp");
  CHECK_FALSE(races.suppressions.front().warning.empty());
  bool cpython_rule_counted = false;
  for (const auto& s : races.suppressions) cpython_rule_counted |= s.origin == "CPython" && s.reports > 0;
  CHECK(cpython_rule_counted);
}
