// ThreadSanitizer output captured on this project's machine (GCC 12's
// libtsan, CPython 3.14.7t --with-thread-sanitizer): tests/data/tsan/README.md.
#include <catch2/catch.hpp>

#include "compat/tsan_report.hpp"
#include "util/paths.hpp"

using namespace gm::compat;

namespace {
std::string tsan_data(const std::string& name) {
  return gm::read_text_file(std::filesystem::path(GILMATRIX_TEST_DATA_DIR) / "tsan" / name).value();
}
const std::map<std::string, std::string> kTsanRacyObjects{
    {"racy_counter.cpython-314t-x86_64-linux-gnu.so", "racy_counter"}};
const std::map<std::string, std::string> kTsanPvectorObjects{{"pvectorc.cpython-314t-x86_64-linux-gnu.so", "pvectorc"}};
}  // namespace

TEST_CASE("a data race report is read with its stacks, frames and summary", "[tsan]") {
  auto log = parse_tsan_log(tsan_data("racy_counter.log"));
  REQUIRE(log.reports.size() == 1);
  const auto& r = log.reports.front();
  CHECK(r.kind == "data race");
  CHECK(r.summary == "data race /work/main/tests/fixtures/extensions/racy_counter/racy_counter.c:9 in add");
  // Read by T4, previous write by T5, then the two threads' creation stacks.
  REQUIRE(r.stacks.size() == 4);
  CHECK(r.stacks[0].size() == 28);
  const auto& top = r.stacks[0][0];
  CHECK(top.function == "add");
  CHECK(top.file == "/work/main/tests/fixtures/extensions/racy_counter/racy_counter.c");
  CHECK(top.line == 9);
  CHECK(top.object == "racy_counter.cpython-314t-x86_64-linux-gnu.so");
  CHECK(r.stacks[0][1].function == "cfunction_vectorcall_NOARGS");
  CHECK(r.stacks[0][1].object == "python3.14");
  CHECK(r.stacks[2][0].function == "pthread_create");
  CHECK(r.stacks[2][0].object == "libtsan.so.2");
  CHECK(r.text.find("Location is global 'counter'") != std::string::npos);
  CHECK(log.suppressed.empty());
  CHECK_FALSE(log.fatal);
}

TEST_CASE("a report is blamed on the module whose frame is on its stack, with file and line", "[tsan]") {
  auto log = parse_tsan_log(tsan_data("racy_counter.log"));
  auto where = attribute(log.reports.front(), kTsanRacyObjects);
  REQUIRE(where.module == "racy_counter");
  CHECK(describe(*where.frame) == "add racy_counter.c:9");
  CHECK(where.top == "add racy_counter.c:9");
  // A module nobody knows of is another library, never CPython's.
  auto unknown = attribute(log.reports.front(), {});
  CHECK_FALSE(unknown.module);
  CHECK(unknown.foreign_object == "racy_counter.cpython-314t-x86_64-linux-gnu.so");
}

TEST_CASE("reports whose frames are all CPython's are blamed on no module", "[tsan]") {
  auto log = parse_tsan_log(tsan_data("rangeiter_in_cpython.log"));
  REQUIRE(log.reports.size() == 2);
  for (const auto& r : log.reports) {
    auto where = attribute(r, kTsanPvectorObjects);
    CHECK_FALSE(where.module);
    CHECK(where.foreign_object.empty());
    CHECK(where.top.starts_with("rangeiter_next rangeobject.c:83"));
  }
  auto dumped = parse_tsan_log(tsan_data("faulthandler_dump_in_cpython.log"));
  REQUIRE_FALSE(dumped.reports.empty());
  for (const auto& r : dumped.reports) CHECK_FALSE(attribute(r, kTsanPvectorObjects).module);
}

TEST_CASE("the suppressions TSan matched are counted per rule", "[tsan]") {
  auto log = parse_tsan_log(tsan_data("rangeiter_suppressed.log"));
  CHECK(log.reports.empty());
  REQUIRE(log.suppressed.size() == 1);
  CHECK(log.suppressed[0].rule == "race_top:rangeiter_next");
  CHECK(log.suppressed[0].count == 2);
}

TEST_CASE("pvectorc's reports all point into pvectorcmodule.c", "[tsan]") {
  auto log = parse_tsan_log(tsan_data("pvectorc_first_reports.log"));
  REQUIRE(log.reports.size() == 5);
  for (const auto& r : log.reports) {
    auto where = attribute(r, kTsanPvectorObjects);
    REQUIRE(where.module == "pvectorc");
    CHECK(where.frame->file.ends_with("pvectorcmodule.c"));
    CHECK(where.frame->line > 0);
  }
}

TEST_CASE("the same race in two runs has one identity; a different race another", "[tsan]") {
  auto a = parse_tsan_log(tsan_data("racy_counter.log")).reports.front();
  auto b = a;
  b.text = "other addresses and pids";
  CHECK(report_identity(a) == report_identity(b));
  auto c = parse_tsan_log(tsan_data("pvectorc_first_reports.log")).reports.front();
  CHECK(report_identity(a) != report_identity(c));
}

TEST_CASE("a report cut short by a crash is still read", "[tsan]") {
  auto text = tsan_data("racy_counter.log");
  auto cut = text.substr(0, text.find("Previous write"));
  auto log = parse_tsan_log(cut);
  REQUIRE(log.reports.size() == 1);
  CHECK(log.reports[0].stacks.size() == 1);
}

TEST_CASE("TSan's unexpected memory mapping failure names the sysctl that fixes it", "[tsan]") {
  auto log = parse_tsan_log("FATAL: ThreadSanitizer: unexpected memory mapping 0x7f3c7e200000-0x7f3c7e600000\n");
  REQUIRE(log.fatal);
  auto explained = explain_tsan_fatal(*log.fatal);
  REQUIRE(explained);
  CHECK(explained->find("vm.mmap_rnd_bits=28") != std::string::npos);
  CHECK_FALSE(explain_tsan_fatal("FATAL: ThreadSanitizer: something else"));
}
