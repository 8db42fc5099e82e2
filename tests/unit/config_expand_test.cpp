#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "config/expand.hpp"

using namespace gm::config;
using namespace std::chrono_literals;

namespace {

WorkerCount n(int count) { return {false, count}; }
WorkerCount all() { return {true, 0}; }

WorkloadSpec workload(std::string name) {
  WorkloadSpec w;
  w.name = std::move(name);
  w.file = "/work/" + w.name + ".py";
  w.executors = {Executor::threads};
  return w;
}

Matrix matrix_with(std::vector<WorkloadSpec> workloads) {
  Matrix m;
  m.name = "test";
  m.defaults.workers = {n(1), n(2)};
  m.defaults.repeats.count = 5;
  m.defaults.timeout = 120s;
  m.defaults.gil_modes = {GilMode::default_mode};
  m.workloads = std::move(workloads);
  return m;
}

std::vector<std::string> keys(const Expansion& expansion) {
  std::vector<std::string> out;
  for (const auto& cell : expansion.cells) out.push_back(cell.key());
  return out;
}

bool has_note_containing(const Expansion& expansion, const std::string& text) {
  return std::any_of(expansion.notes.begin(), expansion.notes.end(),
                     [&](const std::string& note) { return note.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("resolve_workers turns \"all\" into the usable core count", "[config][expand]") {
  CHECK(resolve_workers({all()}, 8) == std::vector<int>{1, 8});
  CHECK(resolve_workers({all()}, 1) == std::vector<int>{1});
}

TEST_CASE("resolve_workers always includes the 1-worker baseline", "[config][expand]") {
  CHECK(resolve_workers({n(4)}, 8) == std::vector<int>{1, 4});
}

TEST_CASE("resolve_workers sorts and removes duplicates", "[config][expand]") {
  CHECK(resolve_workers({n(4), n(2), all(), n(2), n(1), n(4)}, 4) == std::vector<int>{1, 2, 4});
}

TEST_CASE("resolve_workers drops counts above the core count and says so", "[config][expand]") {
  std::vector<std::string> notes;
  auto workers = resolve_workers({n(1), n(2), n(16), n(4), n(8), all()}, 4, &notes);
  CHECK(workers == std::vector<int>{1, 2, 4});
  REQUIRE(notes.size() == 1);
  CHECK(notes[0] == "worker counts 8, 16 dropped: this machine has 4 usable cores");
}

TEST_CASE("resolve_workers adds no note when nothing is dropped", "[config][expand]") {
  std::vector<std::string> notes;
  resolve_workers({n(1), n(2), all()}, 2, &notes);
  CHECK(notes.empty());
  // Without a notes vector nothing is written anywhere.
  CHECK(resolve_workers({n(64)}, 2, nullptr) == std::vector<int>{1});
}

TEST_CASE("expand_matrix skips non-default GIL modes on a build with the GIL", "[config][expand]") {
  auto m = matrix_with({workload("cpu")});
  m.defaults.gil_modes = {GilMode::default_mode, GilMode::off, GilMode::on};
  auto expansion = expand_matrix(m, {{"3.13", false}}, 2);
  CHECK(keys(expansion) == std::vector<std::string>{"3.13/cpu/threads/default/x1", "3.13/cpu/threads/default/x2"});
  CHECK(has_note_containing(expansion, "GIL mode \"off\" applies only to free-threaded builds; skipped on 3.13"));
  CHECK(has_note_containing(expansion, "GIL mode \"on\" applies only to free-threaded builds; skipped on 3.13"));
}

TEST_CASE("expand_matrix keeps every GIL mode on a free-threaded build", "[config][expand]") {
  auto m = matrix_with({workload("cpu")});
  m.defaults.gil_modes = {GilMode::default_mode, GilMode::off, GilMode::on};
  auto expansion = expand_matrix(m, {{"3.13t", true}}, 2);
  CHECK(keys(expansion) == std::vector<std::string>{"3.13t/cpu/threads/default/x1", "3.13t/cpu/threads/default/x2",
                                                    "3.13t/cpu/threads/off/x1", "3.13t/cpu/threads/off/x2",
                                                    "3.13t/cpu/threads/on/x1", "3.13t/cpu/threads/on/x2"});
  CHECK(expansion.notes.empty());
}

TEST_CASE("expand_matrix gives each note once however many workloads trigger it", "[config][expand]") {
  auto m = matrix_with({workload("a"), workload("b")});
  m.defaults.workers = {n(1), n(32)};
  m.defaults.gil_modes = {GilMode::default_mode, GilMode::off};
  auto expansion = expand_matrix(m, {{"3.13", false}}, 2);
  CHECK(expansion.notes.size() == 2);
  CHECK(has_note_containing(expansion, "worker counts 32 dropped"));
  CHECK(has_note_containing(expansion, "skipped on 3.13"));
}

TEST_CASE("expand_matrix applies the defaults to a workload without overrides", "[config][expand]") {
  auto m = matrix_with({workload("cpu")});
  auto expansion = expand_matrix(m, {{"3.13", false}}, 4);
  REQUIRE(expansion.cells.size() == 2);
  for (const auto& cell : expansion.cells) {
    CHECK(cell.repeats.count == 5);
    CHECK(cell.timeout == 120s);
    CHECK(cell.iterations == 0);
    CHECK(cell.executor == Executor::threads);
    CHECK(cell.gil_mode == GilMode::default_mode);
  }
}

TEST_CASE("expand_matrix applies per-workload overrides to that workload only", "[config][expand]") {
  auto tuned = workload("tuned");
  tuned.workers = std::vector<WorkerCount>{n(3)};
  tuned.repeats = Repeats{2, false};
  tuned.timeout = 10s;
  tuned.iterations = 700;
  tuned.gil_modes = std::vector<GilMode>{GilMode::off};
  tuned.executors = {Executor::processes};
  auto m = matrix_with({tuned, workload("plain")});
  auto expansion = expand_matrix(m, {{"3.13t", true}}, 4);

  CHECK(keys(expansion) == std::vector<std::string>{"3.13t/tuned/processes/off/x1", "3.13t/tuned/processes/off/x3",
                                                    "3.13t/plain/threads/default/x1",
                                                    "3.13t/plain/threads/default/x2"});
  for (const auto& cell : expansion.cells) {
    if (cell.workload == "tuned") {
      CHECK(cell.repeats.count == 2);
      CHECK(cell.timeout == 10s);
      CHECK(cell.iterations == 700);
    } else {
      CHECK(cell.repeats.count == 5);
      CHECK(cell.timeout == 120s);
      CHECK(cell.iterations == 0);
    }
  }
}

TEST_CASE("expand_matrix runs a workload only on the builds it names", "[config][expand]") {
  auto only_ft = workload("only-ft");
  only_ft.builds = {"3.13t"};
  auto m = matrix_with({only_ft, workload("everywhere")});
  m.defaults.workers = {n(1)};
  auto expansion = expand_matrix(m, {{"3.13", false}, {"3.13t", true}}, 2);
  CHECK(keys(expansion) == std::vector<std::string>{"3.13/everywhere/threads/default/x1",
                                                    "3.13t/only-ft/threads/default/x1",
                                                    "3.13t/everywhere/threads/default/x1"});
}

TEST_CASE("expand_matrix makes one series per build, workload, executor and GIL mode", "[config][expand]") {
  auto w = workload("cpu");
  w.executors = {Executor::threads, Executor::processes};
  auto m = matrix_with({w});
  m.defaults.workers = {n(1), n(2), all()};
  auto expansion = expand_matrix(m, {{"3.13", false}}, 4);
  REQUIRE(expansion.cells.size() == 6);
  CHECK(expansion.cells[0].series_key() == "3.13/cpu/threads/default");
  CHECK(expansion.cells[2].key() == "3.13/cpu/threads/default/x4");
  CHECK(expansion.cells[3].series_key() == "3.13/cpu/processes/default");
  CHECK(expansion.cells[0].series_key() == expansion.cells[2].series_key());
  CHECK(expansion.cells[0].series_key() != expansion.cells[3].series_key());
}

TEST_CASE("expand_matrix with no builds expands to nothing", "[config][expand]") {
  auto expansion = expand_matrix(matrix_with({workload("cpu")}), {}, 4);
  CHECK(expansion.cells.empty());
}

TEST_CASE("interpreter-pool cells before 3.14 are left out with a note", "[config][expand]") {
  auto w = workload("cpu");
  w.executors = {Executor::thread_pool, Executor::interpreter_pool};
  auto m = matrix_with({w});
  m.defaults.workers = {n(2)};
  auto expansion = expand_matrix(m, {{"3.12", false, "3.12.1"}, {"3.13t", true, "3.13"}, {"3.14t", true, "3.14.7"}}, 2);
  CHECK(keys(expansion) ==
        std::vector<std::string>{"3.12/cpu/thread-pool/default/x1", "3.12/cpu/thread-pool/default/x2",
                                 "3.13t/cpu/thread-pool/default/x1", "3.13t/cpu/thread-pool/default/x2",
                                 "3.14t/cpu/thread-pool/default/x1", "3.14t/cpu/thread-pool/default/x2",
                                 "3.14t/cpu/interpreter-pool/default/x1", "3.14t/cpu/interpreter-pool/default/x2"});
  CHECK(has_note_containing(expansion,
                            "executor \"interpreter-pool\" skipped on 3.12: "
                            "concurrent.futures.InterpreterPoolExecutor is new in Python 3.14 (this build is 3.12.1)"));
  CHECK(has_note_containing(expansion, "executor \"interpreter-pool\" skipped on 3.13t"));
}

TEST_CASE("a build whose version is not known yet keeps its interpreter-pool cells", "[config][expand]") {
  auto w = workload("cpu");
  w.executors = {Executor::interpreter_pool};
  auto expansion = expand_matrix(matrix_with({w}), {{"main", false, ""}}, 2);
  CHECK(keys(expansion).size() == 2);
  CHECK(executor_unavailable(Executor::interpreter_pool, "3.15.0a1") == std::nullopt);
  CHECK(executor_unavailable(Executor::processes, "3.12.1") == std::nullopt);
}
