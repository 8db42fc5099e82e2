// `stress = "FILE"` in [[packages]] and the [stress] table.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "config/loader.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"

namespace fs = std::filesystem;
using namespace gm::config;
using namespace std::chrono_literals;

namespace {

// A matrix folder with a stress file and a suppressions file beside it.
struct StressMatrixDir {
  gm::TempDir dir{"gm-loader-stress-test"};
  fs::path matrix = dir.path() / "matrix.toml";

  StressMatrixDir() {
    fs::create_directories(dir.path() / "tests");
    std::ofstream(dir.path() / "tests" / "stress.py") << "def test_add():\n    pass\n";
    std::ofstream(dir.path() / "tsan.txt") << "race_top:add\n";
  }

  std::string text(const std::string& packages_extra, const std::string& tail = "") const {
    return "schema = 1\n"
           "[[build]]\n"
           "name = \"3.13t\"\n"
           "interpreter = \"python3.13t\"\n"
           "[[packages]]\n"
           "name = \"counters\"\n"
           "requirements = [\"racy-counter\"]\n" +
           packages_extra + "\n" + tail;
  }

  std::string error(const std::string& matrix_text) const {
    try {
      parse_matrix(matrix_text, matrix);
    } catch (const gm::UsageError& e) {
      return e.what();
    }
    return "";
  }
};

}  // namespace

TEST_CASE("loader stress: a package set's stress file is resolved against the matrix file", "[config][loader]") {
  StressMatrixDir d;
  auto m = parse_matrix(d.text("stress = \"tests/stress.py\""), d.matrix);
  REQUIRE(m.packages.front().stress);
  CHECK(*m.packages.front().stress == fs::weakly_canonical(d.dir.path() / "tests" / "stress.py"));
  CHECK(m.stress.threads == 8);  // the defaults without [stress]
  CHECK(m.stress.runs == 10);
  CHECK_FALSE(parse_matrix(d.text(""), d.matrix).packages.front().stress);
}

TEST_CASE("loader stress: a missing stress file points at the key", "[config][loader]") {
  StressMatrixDir d;
  auto message = d.error(d.text("stress = \"tests/strss.py\""));
  CHECK_THAT(message, Catch::Contains(d.matrix.string() + ":8:"));
  CHECK_THAT(message, Catch::Contains("`stress`: a Python file with test_* functions not found"));
}

TEST_CASE("loader stress: [stress] sets threads, iterations, runs, timeout and suppressions", "[config][loader]") {
  StressMatrixDir d;
  auto m = parse_matrix(d.text("",
                               "[stress]\nthreads = 4\niterations = 50\nruns = 20\ntimeout = \"30s\"\n"
                               "suppressions = \"tsan.txt\"\n"),
                        d.matrix);
  CHECK(m.stress.threads == 4);
  CHECK(m.stress.iterations == 50);
  CHECK(m.stress.runs == 20);
  CHECK(m.stress.timeout == 30s);
  REQUIRE(m.stress.suppressions);
  CHECK(m.stress.suppressions->filename() == "tsan.txt");
}

TEST_CASE("loader stress: bad [stress] values are each reported", "[config][loader]") {
  StressMatrixDir d;
  auto message = d.error(d.text("", "[stress]\nthreads = 1\nruns = 0\ntimeout = \"100ms\"\nsuppresions = \"x\"\n"));
  CHECK_THAT(message, Catch::Contains("`threads`"));
  CHECK_THAT(message, Catch::Contains("`runs`"));
  CHECK_THAT(message, Catch::Contains("[stress] `timeout` must be at least 1s"));
  CHECK_THAT(message, Catch::Contains("did you mean `suppressions`?"));
  CHECK_THAT(d.error("schema = 1\nstress = 3\n[[build]]\nname = \"a\"\ninterpreter = \"python3\"\n"),
             Catch::Contains("`stress` must be a table"));
}
