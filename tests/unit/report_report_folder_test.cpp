#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "report/report_folder.hpp"
#include "results_builders.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"

namespace fs = std::filesystem;

TEST_CASE("report folder: report.md and its charts; charts gilmatrix drew before go, other files stay",
          "[report][report_folder]") {
  gm::TempDir dir("gm-report-folder");
  auto out = dir.path() / "out";
  {
    gm::OutputFolder folder(out, {});
    folder.write_file("speedup-gone-threads.svg", "<svg/>");  // drawn by an earlier rendering
  }
  std::ofstream(out / "speedup-theirs-threads.svg") << "<svg/>";  // put there by someone else
  std::ofstream(out / "results.json") << "{}";
  std::ofstream(out / "mine.svg") << "<svg/>";
  gm::OutputFolder folder(out, {});
  gm::report::write_report_folder(folder, test_results::two_builds());
  CHECK(fs::exists(out / "report.md"));
  CHECK(fs::exists(out / "speedup-cpu-threads.svg"));
  CHECK_FALSE(fs::exists(out / "speedup-gone-threads.svg"));
  CHECK(fs::exists(out / "speedup-theirs-threads.svg"));
  CHECK(fs::exists(out / "results.json"));
  CHECK(fs::exists(out / "mine.svg"));
  auto report = gm::read_text_file(out / "report.md");
  REQUIRE(report);
  CHECK_THAT(*report, Catch::Contains("](speedup-cpu-threads.svg)"));
}
