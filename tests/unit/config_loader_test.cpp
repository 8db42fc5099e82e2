#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <vector>

#include "config/loader.hpp"
#include "util/error.hpp"
#include "util/hash.hpp"
#include "util/paths.hpp"

namespace fs = std::filesystem;
using namespace gm::config;
using namespace std::chrono_literals;

namespace {

// Lines joined with '\n', so that line N of the matrix is element N-1.
std::string lines(std::initializer_list<const char*> items) {
  std::string out;
  for (const char* line : items) out += std::string(line) + "\n";
  return out;
}

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

// A directory holding matrix.toml's location and a workload file beside it.
struct MatrixDir {
  gm::TempDir dir{"gm-loader-test"};
  fs::path matrix = dir.path() / "matrix.toml";

  MatrixDir() { write_file(dir.path() / "work.py", "# a workload\ndef work(state):\n    pass\n"); }

  Matrix parse(const std::string& text) const { return parse_matrix(text, matrix); }

  // The UsageError message parse_matrix throws for `text` ("" when it does not throw).
  std::string error(const std::string& text) const {
    try {
      parse_matrix(text, matrix);
    } catch (const gm::UsageError& e) {
      return e.what();
    }
    return "";
  }

  // Every message of the UsageErrors parse_matrix throws for `text`.
  std::vector<std::string> errors(const std::string& text) const {
    try {
      parse_matrix(text, matrix);
    } catch (const gm::UsageErrors& e) {
      return e.messages;
    }
    return {};
  }

  std::string at(int line, int column) const {
    return matrix.string() + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
  }
};

}  // namespace

TEST_CASE("loader: an unknown key in [defaults] points at the key and suggests the nearest", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({
      "schema = 1",                 // 1
      "[defaults]",                 // 2
      "repeats = 3",                // 3
      "worker = [1, 2]",            // 4
      "[[build]]",                  // 5
      "name = \"3.13\"",            // 6
      "interpreter = \"python3\"",  // 7
  }));
  CHECK_THAT(message, Catch::StartsWith(m.at(4, 1)));
  CHECK_THAT(message, Catch::Contains("unknown key `worker` in [defaults]"));
  CHECK_THAT(message, Catch::Contains("did you mean `workers`"));
}

TEST_CASE("loader: an unknown key with no near match lists the valid keys", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({
      "schema = 1",
      "[defaults]",
      "  colour = \"blue\"",
  }));
  CHECK_THAT(message, Catch::StartsWith(m.at(3, 3)));
  CHECK_THAT(message, Catch::Contains("valid keys: workers, repeats, timeout"));
}

TEST_CASE("loader: an unknown top-level key is reported", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({"schema = 1", "nmae = \"x\""}));
  CHECK_THAT(message, Catch::StartsWith(m.at(2, 1)));
  CHECK_THAT(message, Catch::Contains("did you mean `name`"));
}

TEST_CASE("loader: repeats given as a string points at the value", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({"schema = 1", "[defaults]", "repeats = \"five\""}));
  CHECK_THAT(message, Catch::StartsWith(m.at(3, 11)));
  CHECK_THAT(message,
             Catch::Contains("`repeats` must be a number of samples from 1 to 1000 or \"auto\", found \"five\""));
}

TEST_CASE("loader: repeats = 0 is not a number of samples", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({"schema = 1", "[defaults]", "repeats = 0"}));
  CHECK_THAT(message, Catch::StartsWith(m.at(3, 11)));
  CHECK_THAT(message, Catch::Contains("from 1 to 1000 or \"auto\", found 0"));
}

TEST_CASE("loader: repeats beyond 1000 are refused before they exhaust memory", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({"schema = 1", "[defaults]", "repeats = 1000000000"}));
  CHECK_THAT(message, Catch::Contains("found 1000000000"));
}

TEST_CASE("loader: non-finite numbers are refused where they stand, with the allowed range", "[config][loader]") {
  MatrixDir m;
  for (const char* key : {"interference-limit", "expectation-tolerance", "unstable-cv"}) {
    for (const char* value : {"nan", "+nan", "inf", "-inf"}) {
      std::string line = std::string(key) + " = " + value;
      auto message = m.error(lines({"schema = 1", "[defaults]", line.c_str()}));
      INFO(line);
      CHECK_THAT(message, Catch::StartsWith(m.at(3, static_cast<int>(std::string(key).size()) + 4)));
      CHECK_THAT(message, Catch::Contains("must be a number greater than 0 and at most 10"));
    }
  }
}

TEST_CASE("loader: interference-limit = 0.0 names the range and the value found", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({"schema = 1", "[defaults]", "interference-limit = 0.0"}));
  CHECK_THAT(message, Catch::Contains("`interference-limit` must be a number greater than 0 and at most 10 (e.g. 0.1), "
                                      "found 0.0"));
}

TEST_CASE("loader: repeats = \"auto\" and the measurement keys", "[config][loader]") {
  MatrixDir m;
  auto matrix = m.parse(
      lines({"schema = 1", "[defaults]", "repeats = \"auto\"", "isolation = \"packed\"", "sample-time = \"200ms\"",
             "precision = 0.05", "cell-budget = \"10s\"", "max-samples = 30", "interference-limit = 0.2",
             "attempts = 5", "expectation-tolerance = 0.3", "[[build]]", "name = \"b\"", "interpreter = \"python3\""}));
  const auto& d = matrix.defaults;
  CHECK(d.repeats.automatic);
  CHECK(d.repeats.count == 5);
  CHECK(d.measurement.isolation == gm::config::Isolation::packed);
  CHECK(d.measurement.sample_time == std::chrono::milliseconds(200));
  CHECK(d.measurement.precision == 0.05);
  CHECK(d.measurement.cell_budget == std::chrono::seconds(10));
  CHECK(d.measurement.max_samples == 30);
  CHECK(d.measurement.interference_limit == 0.2);
  CHECK(d.measurement.attempts == 5);
  CHECK(d.measurement.expectation_tolerance == 0.3);
}

TEST_CASE("loader: sample-time = \"off\" turns calibration off", "[config][loader]") {
  MatrixDir m;
  auto matrix = m.parse(lines(
      {"schema = 1", "[defaults]", "sample-time = \"off\"", "[[build]]", "name = \"b\"", "interpreter = \"python3\""}));
  CHECK(matrix.defaults.measurement.sample_time.count() == 0);
}

TEST_CASE("loader: an unknown isolation names the valid ones", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({"schema = 1", "[defaults]", "isolation = \"alone\""}));
  CHECK_THAT(message, Catch::Contains("`isolation` must be one of packed, exclusive, found \"alone\""));
}

TEST_CASE("loader: a timeout given as a bare number points at the value", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({"schema = 1", "[defaults]", "timeout = 5"}));
  CHECK_THAT(message, Catch::StartsWith(m.at(3, 11)));
  CHECK_THAT(message, Catch::Contains("`timeout` must be a string, found an integer"));
}

TEST_CASE("loader: a timeout string without a unit points at the value", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({"schema = 1", "[defaults]", "timeout = \"5\""}));
  CHECK_THAT(message, Catch::StartsWith(m.at(3, 11)));
  CHECK_THAT(message, Catch::Contains("unit must be ms, s, m or h"));
}

TEST_CASE("loader: a zero worker count points at the entry", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({"schema = 1", "[defaults]", "workers = [1, 0]"}));
  CHECK_THAT(message, Catch::StartsWith(m.at(3, 15)));
  CHECK_THAT(message, Catch::Contains("`workers` entries must be integers from 1 to 4096 or \"all\", found 0"));
}

TEST_CASE("loader: a lone zero worker count points at the entry", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({"schema = 1", "[defaults]", "workers = [0]"}));
  CHECK_THAT(message, Catch::StartsWith(m.at(3, 12)));
}

TEST_CASE("loader: an empty workers list is rejected", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({"schema = 1", "[defaults]", "workers = []"}));
  CHECK_THAT(message, Catch::StartsWith(m.at(3, 11)));
  CHECK_THAT(message, Catch::Contains("must not be empty"));
}

TEST_CASE("loader: an unknown executor is rejected with a suggestion", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({
      "schema = 1",                 // 1
      "[[build]]",                  // 2
      "name = \"3.13\"",            // 3
      "interpreter = \"python3\"",  // 4
      "[[workload]]",               // 5
      "name = \"cpu\"",             // 6
      "file = \"work.py\"",         // 7
      "executors = [\"thread\"]",   // 8
  }));
  CHECK_THAT(message, Catch::StartsWith(m.at(8, 14)));
  CHECK_THAT(message, Catch::Contains("\"thread\" is not one of threads, processes, interpreters"));
  CHECK_THAT(message, Catch::Contains("did you mean \"threads\"?"));
}

TEST_CASE("loader: the pool executors are read, and a misspelt one gets a suggestion", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({
      "schema = 1",                                                             // 1
      "[[build]]",                                                              // 2
      "name = \"3.14\"",                                                        // 3
      "interpreter = \"python3\"",                                              // 4
      "[[workload]]",                                                           // 5
      "name = \"cpu\"",                                                         // 6
      "file = \"work.py\"",                                                     // 7
      "executors = [\"thread-pool\", \"process-pool\", \"interpreter_pool\"]",  // 8
  }));
  CHECK_THAT(message, Catch::StartsWith(m.at(8, 45)));
  CHECK_THAT(message, Catch::Contains("thread-pool, process-pool, interpreter-pool"));
  CHECK_THAT(message, Catch::Contains("did you mean \"interpreter-pool\"?"));
  CHECK(parse_executor("process-pool") == Executor::process_pool);
  CHECK(std::string(to_string(Executor::interpreter_pool)) == "interpreter-pool");
}

TEST_CASE("loader: an unknown GIL mode is rejected with a suggestion", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({"schema = 1", "[defaults]", "gil-modes = [\"default\", \"of\"]"}));
  CHECK_THAT(message, Catch::StartsWith(m.at(3, 25)));
  CHECK_THAT(message, Catch::Contains("did you mean \"off\"?"));
}

TEST_CASE("loader: a matrix without schema is rejected", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({"name = \"quick\"", "[[build]]", "name = \"3.13\"", "interpreter = \"python3\""}));
  CHECK_THAT(message, Catch::StartsWith(m.at(1, 1)));
  CHECK_THAT(message, Catch::Contains("missing `schema = 1`"));
}

TEST_CASE("loader: an unsupported schema points at the value", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({"# comment", "schema = 2"}));
  CHECK_THAT(message, Catch::StartsWith(m.at(2, 10)));
  CHECK_THAT(message, Catch::Contains("unsupported `schema`"));
}

TEST_CASE("loader: a matrix without builds is rejected", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({"schema = 1"}));
  CHECK_THAT(message, Catch::StartsWith(m.matrix.string() + ": the matrix defines no [[build]]"));
}

TEST_CASE("loader: two builds with the same name are rejected at the second name", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({
      "schema = 1",                 // 1
      "[[build]]",                  // 2
      "name = \"3.13\"",            // 3
      "interpreter = \"python3\"",  // 4
      "[[build]]",                  // 5
      "name = \"3.13\"",            // 6
      "version = \"3.13\"",         // 7
  }));
  CHECK_THAT(message, Catch::StartsWith(m.at(6, 8)));
  CHECK_THAT(message, Catch::Contains("a [[build]] named \"3.13\" already exists"));
}

TEST_CASE("loader: a build with both interpreter and version is rejected", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({
      "schema = 1",                 // 1
      "",                           // 2
      "[[build]]",                  // 3
      "name = \"3.13\"",            // 4
      "interpreter = \"python3\"",  // 5
      "version = \"3.13\"",         // 6
  }));
  CHECK_THAT(message, Catch::StartsWith(m.at(3, 1)));
  CHECK_THAT(message, Catch::Contains("[[build]] \"3.13\" needs exactly one of `interpreter`, `version` or `git` "
                                      "(found 2)"));
}

TEST_CASE("loader: a build with no origin is rejected", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({"schema = 1", "[[build]]", "name = \"3.13\"", "free-threaded = true"}));
  CHECK_THAT(message, Catch::StartsWith(m.at(2, 1)));
  CHECK_THAT(message, Catch::Contains("(found 0)"));
}

TEST_CASE("loader: a build without a name is rejected", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({"schema = 1", "[[build]]", "interpreter = \"python3\""}));
  CHECK_THAT(message, Catch::StartsWith(m.at(2, 1)));
  CHECK_THAT(message, Catch::Contains("[[build]] needs a `name`"));
}

TEST_CASE("loader: a malformed version is rejected at the value", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({"schema = 1", "[[build]]", "name = \"b\"", "version = \"3.13t\""}));
  CHECK_THAT(message, Catch::StartsWith(m.at(4, 11)));
  CHECK_THAT(message, Catch::Contains("`version` must look like"));
}

TEST_CASE("loader: --disable-gil in configure is refused in favour of free-threaded", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(
      lines({"schema = 1", "[[build]]", "name = \"b\"", "version = \"3.13\"", "configure = [\"--disable-gil\"]"}));
  CHECK_THAT(message, Catch::StartsWith(m.at(5, 14)));
  CHECK_THAT(message, Catch::Contains("free-threaded = true"));
}

TEST_CASE("loader: configure options gilmatrix owns (--prefix, --exec-prefix) are refused at the option",
          "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({"schema = 1", "[[build]]", "name = \"b\"", "version = \"3.13\"",
                                "configure = [\"--enable-shared\", \"--prefix=/opt/py\"]"}));
  CHECK_THAT(message, Catch::StartsWith(m.at(5, 33)));
  CHECK_THAT(message, Catch::Contains("must not set --prefix"));
  auto exec_prefix = m.error(
      lines({"schema = 1", "[[build]]", "name = \"b\"", "version = \"3.13\"", "configure = [\"--exec-prefix\"]"}));
  CHECK_THAT(exec_prefix, Catch::StartsWith(m.at(5, 14)));
  CHECK_THAT(exec_prefix, Catch::Contains("must not set --exec-prefix"));
}

TEST_CASE("loader: a workload naming an unknown build points at `builds`", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({
      "schema = 1",                 // 1
      "[[build]]",                  // 2
      "name = \"3.13t\"",           // 3
      "interpreter = \"python3\"",  // 4
      "[[workload]]",               // 5
      "name = \"cpu\"",             // 6
      "file = \"work.py\"",         // 7
      "builds = [\"3.13\"]",        // 8
  }));
  CHECK_THAT(message, Catch::StartsWith(m.at(8, 10)));
  CHECK_THAT(message, Catch::Contains("workload \"cpu\" refers to build \"3.13\", which the matrix does not define"));
  CHECK_THAT(message, Catch::Contains("did you mean \"3.13t\"?"));
}

TEST_CASE("loader: a workload naming an unknown package set points at `packages`", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({
      "schema = 1",                       // 1
      "[[build]]",                        // 2
      "name = \"3.13\"",                  // 3
      "interpreter = \"python3\"",        // 4
      "[[packages]]",                     // 5
      "name = \"numpy\"",                 // 6
      "requirements = [\"numpy==2.1\"]",  // 7
      "[[workload]]",                     // 8
      "name = \"cpu\"",                   // 9
      "file = \"work.py\"",               // 10
      "packages = \"nunpy\"",             // 11
  }));
  CHECK_THAT(message, Catch::StartsWith(m.at(11, 12)));
  CHECK_THAT(message, Catch::Contains("refers to package set \"nunpy\""));
  CHECK_THAT(message, Catch::Contains("did you mean \"numpy\"?"));
}

TEST_CASE("loader: a TOML syntax error reports its position", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({"schema = 1", "[defaults]", "repeats = = 5"}));
  REQUIRE_FALSE(message.empty());
  // FILE:3:COL: with the column toml++ reports.
  CHECK_THAT(message, Catch::StartsWith(m.matrix.string() + ":3:"));
  CHECK_THAT(message, Catch::Matches(".*:3:[0-9]+: .+"));
}

TEST_CASE("loader: an unterminated string reports its line", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({"schema = 1", "name = \"quick", "[defaults]"}));
  CHECK_THAT(message, Catch::StartsWith(m.matrix.string() + ":2:"));
}

TEST_CASE("loader: a workload file that does not exist is reported at `file`", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({
      "schema = 1",
      "[[build]]",
      "name = \"3.13\"",
      "interpreter = \"python3\"",
      "[[workload]]",
      "name = \"cpu\"",
      "file = \"missing.py\"",
  }));
  CHECK_THAT(message, Catch::StartsWith(m.at(7, 8)));
  CHECK_THAT(message, Catch::Contains("workload file not found"));
  CHECK_THAT(message, Catch::Contains("paths are relative to the matrix file"));
}

TEST_CASE("loader: a relative workload file is resolved against the matrix file's directory", "[config][loader]") {
  gm::TempDir dir("gm-loader-test");
  auto matrix_file = dir.path() / "matrices" / "quick.toml";
  auto workload_file = dir.path() / "workloads" / "cpu.py";
  write_file(workload_file, "# cpu\ndef work(state):\n    pass\n");
  auto text = lines({
      "schema = 1",
      "[[build]]",
      "name = \"3.13\"",
      "interpreter = \"python3\"",
      "[[workload]]",
      "name = \"cpu\"",
      "file = \"../workloads/cpu.py\"",
  });
  write_file(matrix_file, text);

  // The current directory plays no part: the path is relative to the matrix.
  auto matrix = parse_matrix(text, matrix_file);
  REQUIRE(matrix.workloads.size() == 1);
  CHECK(matrix.workloads[0].file.is_absolute());
  CHECK(matrix.workloads[0].file == fs::weakly_canonical(workload_file));

  auto loaded = load_matrix(matrix_file);
  CHECK(loaded.workloads[0].file == fs::weakly_canonical(workload_file));
  CHECK(loaded.file.is_absolute());
}

TEST_CASE("loader: load_matrix on a missing file is a usage error", "[config][loader]") {
  gm::TempDir dir("gm-loader-test");
  CHECK_THROWS_AS(load_matrix(dir.path() / "nope.toml"), gm::UsageError);
}

TEST_CASE("loader: defaults apply when [defaults] is absent", "[config][loader]") {
  MatrixDir m;
  auto matrix = m.parse(lines({"schema = 1", "[[build]]", "name = \"3.13\"", "interpreter = \"python3\""}));
  CHECK(matrix.name == "matrix");  // the file's stem
  CHECK(matrix.defaults.repeats.count == 5);
  CHECK(matrix.defaults.timeout == 120s);
  CHECK(matrix.defaults.gil_modes == std::vector<GilMode>{GilMode::default_mode});
  CHECK(matrix.workloads.empty());
}

TEST_CASE("loader: a full valid matrix is read into the structs", "[config][loader]") {
  MatrixDir m;
  write_file(m.dir.path() / "wheels" / "README", "local wheels\n");
  const std::string text = lines({
      "schema = 1",                                // 1
      "name = \"full\"",                           // 2
      "description = \"every key once\"",          // 3
      "",                                          // 4
      "[defaults]",                                // 5
      "workers = [1, 2, \"all\"]",                 // 6
      "repeats = 7",                               // 7
      "timeout = \"1m30s\"",                       // 8
      "import-timeout = \"20s\"",                  // 9
      "gil-modes = [\"default\", \"off\"]",        // 10
      "unstable-cv = 0.25",                        // 11
      "",                                          // 12
      "[[build]]",                                 // 13
      "name = \"3.13\"",                           // 14
      "interpreter = \"python3.13\"",              // 15
      "",                                          // 16
      "[[build]]",                                 // 17
      "name = \"3.13t\"",                          // 18
      "version = \"3.13.1\"",                      // 19
      "free-threaded = true",                      // 20
      "configure = [\"--enable-optimizations\"]",  // 21
      "sha256 = \""
      "0123456789abcdef0123456789abcdef"
      "0123456789abcdef0123456789abcdef"
      "\"",                                                            // 22
      "fallback = \"none\"",                                           // 23
      "",                                                              // 24
      "[[build]]",                                                     // 25
      "name = \"main\"",                                               // 26
      "git = { url = \"https://github.com/python/cpython\" }",         // 27
      "",                                                              // 28
      "[[packages]]",                                                  // 29
      "name = \"sci\"",                                                // 30
      "requirements = [\"numpy==2.1.0\", \"./wheels\"]",               // 31
      "index-url = \"https://example.invalid/simple\"",                // 32
      "find-links = [\"wheels\", \"https://example.invalid/links\"]",  // 33
      "",                                                              // 34
      "[[workload]]",                                                  // 35
      "name = \"cpu\"",                                                // 36
      "file = \"work.py\"",                                            // 37
      "description = \"pure Python\"",                                 // 38
      "executors = [\"threads\", \"processes\", \"interpreters\"]",    // 39
      "workers = [4]",                                                 // 40
      "repeats = 3",                                                   // 41
      "timeout = \"500ms\"",                                           // 42
      "iterations = 1000",                                             // 43
      "gil-modes = [\"on\"]",                                          // 44
      "packages = \"sci\"",                                            // 45
      "builds = [\"3.13t\", \"main\"]",                                // 46
      "",                                                              // 47
      "[[workload]]",                                                  // 48
      "name = \"io\"",                                                 // 49
      "file = \"work.py\"",                                            // 50
  });
  auto matrix = m.parse(text);

  CHECK(matrix.schema == 1);
  CHECK(matrix.name == "full");
  CHECK(matrix.file == m.matrix);
  CHECK(matrix.file_sha256 == gm::sha256_hex(text));

  const auto& d = matrix.defaults;
  CHECK(d.workers == std::vector<WorkerCount>{{false, 1}, {false, 2}, {true, 0}});
  CHECK(d.repeats.count == 7);
  CHECK(d.timeout == 90s);
  CHECK(d.import_timeout == 20s);
  CHECK(d.gil_modes == std::vector<GilMode>{GilMode::default_mode, GilMode::off});
  CHECK(d.unstable_cv == Approx(0.25));

  REQUIRE(matrix.builds.size() == 3);
  const auto& system = matrix.builds[0];
  CHECK(system.name == "3.13");
  CHECK(system.interpreter == std::optional<std::string>("python3.13"));
  CHECK_FALSE(system.version);
  CHECK_FALSE(system.git);
  CHECK_FALSE(system.free_threaded);
  CHECK(system.where.line == 13);
  CHECK(system.where.file == m.matrix.string());

  const auto& release = matrix.builds[1];
  CHECK(release.name == "3.13t");
  CHECK(release.version == std::optional<std::string>("3.13.1"));
  CHECK(release.free_threaded);
  CHECK(release.configure == std::vector<std::string>{"--enable-optimizations"});
  CHECK(release.sha256 == std::optional<std::string>("0123456789abcdef0123456789abcdef"
                                                     "0123456789abcdef0123456789abcdef"));
  CHECK(release.fallback == SourceFallback::none);

  const auto& git = matrix.builds[2];
  REQUIRE(git.git);
  CHECK(git.git->url == "https://github.com/python/cpython");
  CHECK(git.git->ref == "main");
  CHECK(git.fallback == SourceFallback::interpreter);
  CHECK(matrix.find_build("main") == &git);
  CHECK(matrix.find_build("3.12") == nullptr);

  REQUIRE(matrix.packages.size() == 1);
  const auto& sci = matrix.packages[0];
  CHECK(sci.name == "sci");
  REQUIRE(sci.requirements.size() == 2);
  CHECK(sci.requirements[0] == "numpy==2.1.0");
  CHECK(sci.requirements[1] == fs::weakly_canonical(m.dir.path() / "wheels").string());
  CHECK(sci.index_url == std::optional<std::string>("https://example.invalid/simple"));
  CHECK(sci.find_links == std::vector<std::string>{fs::weakly_canonical(m.dir.path() / "wheels").string(),
                                                   "https://example.invalid/links"});
  CHECK(matrix.find_packages("sci") == &sci);

  REQUIRE(matrix.workloads.size() == 2);
  const auto& cpu = matrix.workloads[0];
  CHECK(cpu.name == "cpu");
  CHECK(cpu.file == fs::weakly_canonical(m.dir.path() / "work.py"));
  CHECK(cpu.executors == std::vector<Executor>{Executor::threads, Executor::processes, Executor::interpreters});
  REQUIRE(cpu.workers);
  CHECK(*cpu.workers == std::vector<WorkerCount>{{false, 4}});
  CHECK(cpu.repeats == gm::config::Repeats{3, false});
  CHECK(cpu.timeout == std::optional<std::chrono::milliseconds>(500ms));
  CHECK(cpu.iterations == std::optional<int>(1000));
  CHECK(cpu.gil_modes == std::optional<std::vector<GilMode>>(std::vector<GilMode>{GilMode::on}));
  CHECK(cpu.packages == std::optional<std::string>("sci"));
  CHECK(cpu.builds == std::vector<std::string>{"3.13t", "main"});
  CHECK(cpu.where.line == 35);

  const auto& io = matrix.workloads[1];
  CHECK(io.executors == std::vector<Executor>{Executor::threads});
  CHECK_FALSE(io.workers);
  CHECK_FALSE(io.repeats);
  CHECK_FALSE(io.timeout);
  CHECK_FALSE(io.gil_modes);
  CHECK(io.builds.empty());
}

TEST_CASE("loader: a matrix name that would leave reports/ is refused", "[config][loader]") {
  MatrixDir m;
  for (const char* name : {"../../x", "/tmp/x", "..", ".hidden", "a/b", ""}) {
    auto message = m.error(lines({"schema = 1", (std::string("name = \"") + name + "\"").c_str()}));
    CHECK_THAT(message, Catch::StartsWith(m.at(2, 8)));
    CHECK_THAT(message, Catch::Contains("it is used in file names"));
  }
  CHECK_THAT(m.error(lines({"schema = 1", ("name = \"" + std::string(65, 'x') + "\"").c_str()})),
             Catch::Contains("must be 1 to 64 letters"));
}

TEST_CASE("loader: a matrix without a name is named after its file, made safe", "[config][loader]") {
  MatrixDir m;
  std::string text = lines({"schema = 1", "[[build]]", "name = \"a\"", "interpreter = \"python3\""});
  CHECK(parse_matrix(text, m.dir.path() / "nightly run (2).toml").name == "nightly-run-2");
  CHECK(parse_matrix(text, m.dir.path() / "...toml").name == "matrix");
}

TEST_CASE("loader: control characters in any string are refused where they stand", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({"schema = 1", "[[build]]", "name = \"a\"", "interpreter = \"py\\u001b[31mthon\""}));
  CHECK_THAT(message, Catch::StartsWith(m.at(4, 15)));
  CHECK_THAT(message, Catch::Contains("control character 0x1b"));
  message = m.error(lines(
      {"schema = 1", "[[build]]", "name = \"a\"", "version = \"3.13\"", "configure = [\"--x\", \"--y\\u0007\"]"}));
  CHECK_THAT(message, Catch::StartsWith(m.at(5, 21)));
}

TEST_CASE("loader: an enormous worker count names the range, not 'positive'", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({"schema = 1", "[defaults]", "workers = [65536]"}));
  CHECK_THAT(message, Catch::StartsWith(m.at(3, 12)));
  CHECK_THAT(message, Catch::Contains("integers from 1 to 4096 or \"all\", found 65536"));
}

TEST_CASE("loader: a workload file without work() is refused at load time", "[config][loader]") {
  MatrixDir m;
  write_file(m.dir.path() / "notes.py", "print('hello')\n# def work(state): is only a comment here\n");
  for (const char* file : {"/etc/passwd", "notes.py"}) {
    auto message = m.error(lines({"schema = 1", "[[build]]", "name = \"a\"", "interpreter = \"python3\"",
                                  "[[workload]]", "name = \"w\"", (std::string("file = \"") + file + "\"").c_str()}));
    CHECK_THAT(message, Catch::StartsWith(m.at(7, 8)));
    CHECK_THAT(message, Catch::Contains("is not a workload: it defines no top-level `def work(state):`"));
  }
}

TEST_CASE("loader: install-timeout is a [defaults] key with a default", "[config][loader]") {
  MatrixDir m;
  std::string build = "[[build]]\nname = \"a\"\ninterpreter = \"python3\"\n";
  CHECK(m.parse("schema = 1\n" + build).defaults.install_timeout == 20min);
  CHECK(m.parse("schema = 1\n[defaults]\ninstall-timeout = \"90s\"\n" + build).defaults.install_timeout == 90s);
}

TEST_CASE("loader: the inputs hash changes with the matrix and with a workload file", "[config][loader]") {
  MatrixDir m;
  std::string text = lines({"schema = 1", "[[build]]", "name = \"a\"", "interpreter = \"python3\"", "[[workload]]",
                            "name = \"w\"", "file = \"work.py\""});
  auto first = m.parse(text).inputs_sha256;
  CHECK(first.size() == 64);
  CHECK(m.parse(text).inputs_sha256 == first);
  CHECK(m.parse(text + "repeats = 2\n").inputs_sha256 != first);
  write_file(m.dir.path() / "work.py", "def work(state):\n    return 1\n");
  CHECK(m.parse(text).inputs_sha256 != first);
}

TEST_CASE("loader: requirements that are pip options are refused with their position", "[config][loader]") {
  MatrixDir m;
  for (const char* requirement : {"--log=/tmp/x.log", "-r/etc/passwd", "--index-url=https://evil.invalid/simple",
                                  "pyrsistent==0.20.0 --hash=sha256:00", "-e ."}) {
    auto message =
        m.error(lines({"schema = 1", "[[build]]", "name = \"a\"", "interpreter = \"python3\"", "[[packages]]",
                       "name = \"p\"", (std::string("requirements = [\"ok==1\", \"") + requirement + "\"]").c_str()}));
    CHECK_THAT(message, Catch::StartsWith(m.at(7, 26)));
    CHECK_THAT(message, Catch::Contains(std::string("requirement \"") + requirement + "\""));
  }
}

TEST_CASE("loader: requirements may be specifiers, URLs and paths; paths are resolved", "[config][loader]") {
  MatrixDir m;
  auto matrix = m.parse(
      lines({"schema = 1", "[[build]]", "name = \"a\"", "interpreter = \"python3\"", "[[packages]]", "name = \"p\"",
             "requirements = [\"crcmod>=1.7; python_version >= '3.12'\", "
             "\"https://example.invalid/x-1.0.tar.gz\", \"dist/x-1.0.tar.gz\", \"./src/ext\"]"}));
  const auto& r = matrix.packages[0].requirements;
  REQUIRE(r.size() == 4);
  CHECK(r[0] == "crcmod>=1.7; python_version >= '3.12'");
  CHECK(r[1] == "https://example.invalid/x-1.0.tar.gz");
  CHECK(r[2] == fs::weakly_canonical(m.dir.path() / "dist/x-1.0.tar.gz").string());
  CHECK(r[3] == fs::weakly_canonical(m.dir.path() / "src/ext").string());
}

TEST_CASE("loader: every error in a file is reported, in file order, each with its position", "[config][loader]") {
  MatrixDir d;
  auto errors = d.errors(lines({
      "schema = 1",                // 1
      "[defaults]",                // 2
      "repeats = \"five\"",        // 3
      "worker = [1, 2]",           // 4
      "[[build]]",                 // 5
      "name = \"a\"",              // 6
      "version = \"3.x\"",         // 7
      "[[workload]]",              // 8
      "name = \"w\"",              // 9
      "file = \"missing.py\"",     // 10
      "executors = [\"thread\"]",  // 11
  }));
  REQUIRE(errors.size() == 5);
  CHECK_THAT(errors[0], Catch::StartsWith(d.at(3, 11) + "`repeats` must be a number of samples"));
  CHECK_THAT(errors[1], Catch::StartsWith(d.at(4, 1) + "unknown key `worker` in [defaults]; did you mean `workers`?"));
  CHECK_THAT(errors[2], Catch::StartsWith(d.at(7, 11) + "`version` must look like"));
  CHECK_THAT(errors[3], Catch::StartsWith(d.at(10, 8) + "workload file not found"));
  CHECK_THAT(errors[4], Catch::StartsWith(d.at(11, 14) + "`executors`: \"thread\" is not one of"));
}

TEST_CASE("loader: one bad key in a table does not hide the next table's errors", "[config][loader]") {
  MatrixDir d;
  auto errors = d.errors(lines({
      "schema = 1",
      "[[build]]",
      "name = \"a\"",
      "interpreter = \"python3\"",
      "colour = \"red\"",
      "[[build]]",
      "name = \"a\"",
      "interpreter = \"python3\"",
  }));
  REQUIRE(errors.size() == 2);
  CHECK_THAT(errors[0], Catch::StartsWith(d.at(5, 1) + "unknown key `colour`"));
  CHECK_THAT(errors[1], Catch::StartsWith(d.at(7, 8) + "a [[build]] named \"a\" already exists"));
}

TEST_CASE("loader: skip-missing is read from the top level", "[config][loader]") {
  MatrixDir d;
  auto matrix =
      d.parse(lines({"schema = 1", "skip-missing = true", "[[build]]", "name = \"a\"", "interpreter = \"python3\""}));
  CHECK(matrix.skip_missing);
  CHECK_FALSE(d.parse(lines({"schema = 1", "[[build]]", "name = \"a\"", "interpreter = \"python3\""})).skip_missing);
}

TEST_CASE("loader: every bad entry of a list is reported, not only the first", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({
      "schema = 1",                                  // 1
      "[defaults]",                                  // 2
      "workers = [0, 2, \"many\"]",                  // 3
      "gil-modes = [\"of\", \"default\", \"onn\"]",  // 4
  }));
  CHECK_THAT(message, Catch::Contains(m.at(3, 12)));
  CHECK_THAT(message, Catch::Contains("found 0"));
  CHECK_THAT(message, Catch::Contains(m.at(3, 18)));
  CHECK_THAT(message, Catch::Contains("\"many\""));
  CHECK_THAT(message, Catch::Contains("did you mean \"off\"?"));
  CHECK_THAT(message, Catch::Contains("did you mean \"on\"?"));
}

TEST_CASE("loader: a misspelt isolation gets a suggestion", "[config][loader]") {
  MatrixDir m;
  auto message = m.error(lines({"schema = 1", "[defaults]", "isolation = \"exclusiv\""}));
  CHECK_THAT(message, Catch::StartsWith(m.at(3, 13)));
  CHECK_THAT(message, Catch::Contains("did you mean \"exclusive\"?"));
}
