#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "util/error.hpp"
#include "util/output_folder.hpp"
#include "util/paths.hpp"

namespace fs = std::filesystem;

TEST_CASE("OutputFolder: a new folder is gilmatrix's and lists what it wrote", "[util][output_folder]") {
  gm::TempDir dir("gm-output-folder");
  auto out = dir.path() / "new" / "out";
  {
    gm::OutputFolder folder(out, {});
    folder.write_file("report.md", "# report\n");
    folder.record("results.json");
    CHECK(folder.wrote("report.md"));
  }
  REQUIRE(gm::OutputFolder::is_marked(out));
  gm::OutputFolder again(out, {});  // a rerun into its own folder
  CHECK(again.wrote("report.md"));
  CHECK(again.wrote("results.json"));
  CHECK_FALSE(again.wrote("cells.jsonl"));
}

TEST_CASE("OutputFolder: an empty folder is taken, a non-empty one without the marker is refused",
          "[util][output_folder]") {
  gm::TempDir dir("gm-output-folder");
  fs::create_directories(dir.path() / "empty");
  CHECK_NOTHROW(gm::OutputFolder(dir.path() / "empty", {}));
  CHECK(gm::OutputFolder::is_marked(dir.path() / "empty"));

  auto theirs = dir.path() / "proj";
  fs::create_directories(theirs / "work");
  std::ofstream(theirs / "work" / "thesis.txt") << "x";
  CHECK_THROWS_WITH(gm::OutputFolder(theirs, {}),
                    Catch::Contains("--out " + theirs.string() + " is not empty and gilmatrix did not make it") &&
                        Catch::Contains("pass --force to write into it anyway"));
  CHECK_FALSE(gm::OutputFolder::is_marked(theirs));

  std::ofstream(dir.path() / "file") << "x";
  CHECK_THROWS_AS(gm::OutputFolder(dir.path() / "file", {true, "--out"}), gm::UsageError);
}

TEST_CASE("OutputFolder: with force, only what gilmatrix wrote is ever removed", "[util][output_folder]") {
  gm::TempDir dir("gm-output-folder");
  auto theirs = dir.path() / "proj";
  fs::create_directories(theirs / "work");
  std::ofstream(theirs / "work" / "thesis.txt") << "x";
  gm::OutputFolder folder(theirs, {true, "--out"});
  CHECK(folder.own_directory("work") == theirs / "work");
  folder.remove_own("work");
  CHECK(fs::exists(theirs / "work" / "thesis.txt"));

  auto scratch = folder.own_directory("scratch");
  fs::create_directories(scratch);
  std::ofstream(scratch / "runner.json") << "{}";
  folder.remove_own("scratch");
  CHECK_FALSE(fs::exists(scratch));
  CHECK_FALSE(folder.wrote("scratch"));
}
