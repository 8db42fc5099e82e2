#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "report/report_folder.hpp"
#include "results_builders.hpp"
#include "util/paths.hpp"

namespace fs = std::filesystem;

TEST_CASE("report folder: report.md and its charts; stale charts go, other files stay", "[report][report_folder]") {
  gm::TempDir dir("gm-report-folder");
  std::ofstream(dir.path() / "speedup-gone-threads.svg") << "<svg/>";
  std::ofstream(dir.path() / "results.json") << "{}";
  std::ofstream(dir.path() / "mine.svg") << "<svg/>";
  gm::report::write_report_folder(dir.path(), test_results::two_builds());
  CHECK(fs::exists(dir.path() / "report.md"));
  CHECK(fs::exists(dir.path() / "speedup-cpu-threads.svg"));
  CHECK_FALSE(fs::exists(dir.path() / "speedup-gone-threads.svg"));
  CHECK(fs::exists(dir.path() / "results.json"));
  CHECK(fs::exists(dir.path() / "mine.svg"));
  auto report = gm::read_text_file(dir.path() / "report.md");
  REQUIRE(report);
  CHECK_THAT(*report, Catch::Contains("](speedup-cpu-threads.svg)"));
}
