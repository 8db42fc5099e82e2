#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "results/journal.hpp"
#include "results/json_io.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"

namespace fs = std::filesystem;
using namespace gm::results;
using namespace std::chrono_literals;

namespace {

CellResult cell(int workers, CellStatus status = CellStatus::ok) {
  CellResult c;
  c.cell.build = "3.13t";
  c.cell.workload = "cpu";
  c.cell.executor = gm::config::Executor::threads;
  c.cell.workers = workers;
  c.cell.repeats = {3, false};
  c.cell.timeout = 30s;
  c.status = std::move(status);
  c.samples = {0.5, 0.51, 0.49};
  return c;
}

const JournalHeader kHeader{"quick", std::string(64, 'a')};

void append_text(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::app) << text; }

}  // namespace

TEST_CASE("journal: header and appended cells read back", "[results][journal]") {
  gm::TempDir dir("gm-journal-test");
  auto path = dir.path() / "cells.jsonl";
  start_journal(path, kHeader);
  append_cell(path, cell(1));
  append_cell(path, cell(2, CellStatus::crashed));
  auto journal = read_journal(path);
  REQUIRE(journal.header);
  CHECK(journal.header->matrix == "quick");
  CHECK(journal.header->inputs_sha256 == kHeader.inputs_sha256);
  REQUIRE(journal.cells.size() == 2);
  CHECK(journal.cells[1].status == CellStatus::crashed);
  CHECK(journal.problems.empty());
}

TEST_CASE("journal: damaged lines are reported with their line numbers", "[results][journal]") {
  gm::TempDir dir("gm-journal-test");
  auto path = dir.path() / "cells.jsonl";
  start_journal(path, kHeader);
  append_cell(path, cell(1));
  append_text(path, "garbage\n");
  append_text(path, "{\"key\": \"x\"}\n");
  auto record = cell_to_json(cell(4));
  record["status"] = "bogus";
  append_text(path, record.dump() + "\n");
  append_cell(path, cell(2));
  auto journal = read_journal(path);
  REQUIRE(journal.cells.size() == 2);
  REQUIRE(journal.problems.size() == 3);
  CHECK_THAT(journal.problems[0], Catch::StartsWith("cells.jsonl:3: not valid JSON"));
  CHECK_THAT(journal.problems[1], Catch::StartsWith("cells.jsonl:4: not a cell record"));
  CHECK_THAT(
      journal.problems[2],
      Catch::StartsWith("cells.jsonl:5: not a cell record (cell `status`: \"bogus\" is not one of \"ok\", \"failed\""));
}

TEST_CASE("journal: a cut last line is reported, and rewriting keeps the next record whole", "[results][journal]") {
  gm::TempDir dir("gm-journal-test");
  auto path = dir.path() / "cells.jsonl";
  start_journal(path, kHeader);
  append_cell(path, cell(1));
  std::string third = cell_to_json(cell(4)).dump();
  append_text(path, third.substr(0, third.size() / 2));  // killed while writing

  auto journal = read_journal(path);
  REQUIRE(journal.cells.size() == 1);
  REQUIRE(journal.problems.size() == 1);
  CHECK_THAT(journal.problems[0], Catch::StartsWith("cells.jsonl:3: the last line was cut short"));

  rewrite_journal(path, *journal.header, journal);
  append_cell(path, cell(2));
  journal = read_journal(path);
  CHECK(journal.problems.empty());
  REQUIRE(journal.cells.size() == 2);
  CHECK(journal.cells[1].cell.workers == 2);
}

TEST_CASE("journal: workload records read back, and a cell measured again replaces its first line",
          "[results][journal]") {
  gm::TempDir dir("gm-journal-test");
  auto path = dir.path() / "cells.jsonl";
  start_journal(path, kHeader);
  append_workload(path, {"cpu", "/w/cpu.py", "pure Python", nlohmann::json{{"threads", "1x"}}, std::string(64, 'c')});
  append_cell(path, cell(1, CellStatus::failed));
  append_cell(path, cell(2));
  append_cell(path, cell(1));
  auto journal = read_journal(path);
  CHECK(journal.problems.empty());
  REQUIRE(journal.workloads.size() == 1);
  CHECK(journal.workloads[0].description == "pure Python");
  CHECK(journal.workloads[0].sha256 == std::string(64, 'c'));  // merge compares it between shards
  REQUIRE(journal.cells.size() == 2);
  CHECK(journal.cells[0].cell.workers == 1);
  CHECK(journal.cells[0].status == CellStatus::ok);

  rewrite_journal(path, kHeader, journal);
  auto again = read_journal(path);
  CHECK(again.workloads.size() == 1);
  CHECK(again.cells.size() == 2);
}

TEST_CASE("journal: a journal without a header (gilmatrix 0.1) still yields its cells", "[results][journal]") {
  gm::TempDir dir("gm-journal-test");
  auto path = dir.path() / "cells.jsonl";
  append_cell(path, cell(1));
  append_cell(path, cell(2));
  auto journal = read_journal(path);
  CHECK_FALSE(journal.header);
  CHECK(journal.cells.size() == 2);
  CHECK(journal.problems.empty());
}

TEST_CASE("journal: a missing journal is empty", "[results][journal]") {
  gm::TempDir dir("gm-journal-test");
  auto journal = read_journal(dir.path() / "cells.jsonl");
  CHECK_FALSE(journal.header);
  CHECK(journal.cells.empty());
}

TEST_CASE("journal: an append that cannot be written says the disk is full", "[results][journal]") {
  // /dev/full accepts the open and fails every write with ENOSPC.
  try {
    append_cell("/dev/full", cell(1));
    FAIL("no error");
  } catch (const gm::InfraError& e) {
    CHECK_THAT(e.what(), Catch::Contains("cannot append to /dev/full: No space left on device"));
  }
}
