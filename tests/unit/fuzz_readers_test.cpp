// Bounded fuzzing of the readers of outside input: the matrix loader, the
// results reader and the journal reader get real files mutated a fixed
// number of times with a fixed seed (so CI runs the same inputs every time,
// also under the sanitize preset). Each input must be accepted or refused
// with gilmatrix's own error: no other exception, no crash, no hang, no
// sanitizer report. The tokens include non-finite numbers and huge strings,
// and inputs that are not regular files (FIFOs, devices) are refused unread.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "config/loader.hpp"
#include "results/journal.hpp"
#include "results/json_io.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"

namespace fs = std::filesystem;

namespace {

constexpr int kMutationsPerSeed = 4000;

class Mutator {
 public:
  Mutator(std::uint32_t seed, std::vector<std::string> tokens) : random_(seed), tokens_(std::move(tokens)) {}

  // One to four edits of `text`: byte flips, insertions, deletions, repeats,
  // cuts and tokens of the format (brackets, quotes, huge numbers, escapes).
  std::string mutate(std::string text) {
    int edits = pick(1, 4);
    for (int i = 0; i < edits; ++i) {
      std::size_t at = text.empty() ? 0 : static_cast<std::size_t>(pick(0, static_cast<int>(text.size()) - 1));
      switch (pick(0, 5)) {
        case 0:
          if (!text.empty()) text[at] = static_cast<char>(pick(0, 255));
          break;
        case 1:
          text.insert(at, 1, static_cast<char>(pick(0, 255)));
          break;
        case 2:
          text.erase(at, static_cast<std::size_t>(pick(1, 64)));
          break;
        case 3:
          text.insert(at, text.substr(at, static_cast<std::size_t>(pick(1, 256))));
          break;
        case 4:
          text.resize(at);
          break;
        default:
          text.insert(at, tokens_[static_cast<std::size_t>(pick(0, static_cast<int>(tokens_.size()) - 1))]);
      }
    }
    return text;
  }

 private:
  int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
  std::mt19937 random_;
  std::vector<std::string> tokens_;
};

std::string read(const fs::path& path) {
  auto text = gm::read_text_file(path);
  REQUIRE(text);
  return *text;
}

// A value far longer than any error should echo (issue 22: a 100 MB name was printed in full).
const std::string kHugeText(100'000, 'x');

const std::vector<std::string> kTomlTokens{"+nan",
                                           "-inf",
                                           "interference-limit = nan\n",
                                           "unstable-cv = inf\n",
                                           "expectation-tolerance = -nan\n",
                                           "name = \"" + kHugeText + "\"\n",
                                           "\"" + kHugeText + "\"",
                                           "\u202e",
                                           "[[",
                                           "]]",
                                           "[",
                                           "]",
                                           "=",
                                           "\"",
                                           "'",
                                           "'''",
                                           "\"\"\"",
                                           "\n",
                                           "{",
                                           "}",
                                           ",",
                                           ".",
                                           "#",
                                           "\\u0000",
                                           "\\u001b",
                                           "1e999",
                                           "-9223372036854775809",
                                           "9223372036854775807",
                                           "nan",
                                           "inf",
                                           "0x7fffffff",
                                           "true",
                                           "1979-05-27T07:32:00Z",
                                           "[[build]]\n",
                                           "[[workload]]\n",
                                           "[defaults]\n",
                                           "name = \"../../x\"\n",
                                           "requirements = [\"--log=x\"]\n",
                                           "workers = [65536]\n",
                                           "repeats = 1000000000\n",
                                           "file = \"/etc/passwd\"\n",
                                           "git = { url = \"\" }\n"};

const std::vector<std::string> kJsonTokens{"1e999",
                                           "-1e999",
                                           "NaN",
                                           "Infinity",
                                           "\"" + kHugeText + "\"",
                                           "\"\\u202e\"",
                                           "{",
                                           "}",
                                           "[",
                                           "]",
                                           ",",
                                           ":",
                                           "\"",
                                           "null",
                                           "true",
                                           "1e300",
                                           "-1e300",
                                           "-1",
                                           "0.5",
                                           "18446744073709551615",
                                           "-9223372036854775809",
                                           "\"\\ud800\"",
                                           "\"\\u0000\"",
                                           "{\"status\":\"ok\"}",
                                           "\n",
                                           "\"workers\":",
                                           "\"cells\":"};

}  // namespace

TEST_CASE("fuzz: mutated matrices are loaded or refused with a usage error", "[fuzz][config]") {
  for (const char* seed_file :
       {"matrices/quick.toml", "matrices/default.toml", "tests/integration/matrices/source_builds.toml"}) {
    fs::path path = fs::path(GILMATRIX_SOURCE_DIR) / seed_file;
    const std::string seed = read(path);
    REQUIRE_NOTHROW(gm::config::parse_matrix(seed, path));  // the seed itself is a valid matrix
    Mutator mutator(20261123, kTomlTokens);
    int refused = 0;
    for (int i = 0; i < kMutationsPerSeed; ++i) {
      std::string input = mutator.mutate(seed);
      try {
        gm::config::parse_matrix(input, path);
      } catch (const gm::UsageError& e) {
        ++refused;
        CHECK(std::string_view(e.what()).size() < 20'000);  // what it refuses is echoed cut, never in full
      } catch (const std::exception& e) {
        FAIL_CHECK(seed_file << " mutation " << i << " threw " << e.what() << "\n--- input:\n" << input);
      }
    }
    CHECK(refused > 0);  // the mutations do reach the checks
  }
}

TEST_CASE("fuzz: mutated results files are read or refused with a usage error", "[fuzz][results]") {
  const std::string seed = read(fs::path(GILMATRIX_TEST_DATA_DIR) / "results_two_builds.json");
  gm::TempDir dir("gm-fuzz");
  auto path = dir.path() / "results.json";
  Mutator mutator(4242, kJsonTokens);
  int refused = 0;
  for (int i = 0; i < kMutationsPerSeed; ++i) {
    std::string input = mutator.mutate(seed);
    gm::write_file_atomically(path, input);
    try {
      auto results = gm::results::load_results(path);
      // What is accepted is written back so that it reads again (never a file gilmatrix cannot read).
      gm::results::save_results(dir.path() / "again.json", results);
      gm::results::load_results(dir.path() / "again.json");
    } catch (const gm::UsageError&) {
      ++refused;
    } catch (const std::exception& e) {
      FAIL_CHECK("mutation " << i << " threw " << e.what() << "\n--- input:\n" << input);
    }
  }
  CHECK(refused > 0);
}

TEST_CASE("fuzz: mutated journals are read without throwing, damage reported by line", "[fuzz][results]") {
  // A real journal: a header and the cells of the results fixture, one per line.
  auto results = gm::results::load_results(fs::path(GILMATRIX_TEST_DATA_DIR) / "results_two_builds.json");
  gm::TempDir dir("gm-fuzz");
  auto path = dir.path() / "cells.jsonl";
  gm::results::Journal contents;
  contents.cells = results.cells;
  contents.workloads = results.workloads;
  gm::results::rewrite_journal(path, {"two-builds", std::string(64, 'a')}, contents);
  const std::string seed = read(path);
  REQUIRE(gm::results::read_journal(path).cells.size() == results.cells.size());
  Mutator mutator(777, kJsonTokens);
  int reported = 0;
  for (int i = 0; i < kMutationsPerSeed; ++i) {
    std::string input = mutator.mutate(seed);
    gm::write_file_atomically(path, input);
    try {
      auto journal = gm::results::read_journal(path);
      reported += journal.problems.empty() ? 0 : 1;
      for (const auto& problem : journal.problems) CHECK_THAT(problem, Catch::StartsWith("cells.jsonl:"));
    } catch (const std::exception& e) {
      FAIL_CHECK("mutation " << i << " threw " << e.what() << "\n--- input:\n" << input);
    }
  }
  CHECK(reported > 0);
}

TEST_CASE("fuzz: inputs that are not regular files are refused at once, not read", "[fuzz][results][config]") {
  gm::TempDir dir("gm-fuzz");
  auto fifo = dir.path() / "fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  for (const fs::path& input : {fifo, fs::path("/dev/zero"), fs::path("/dev/null")}) {
    INFO(input.string());
    CHECK_THROWS_AS(gm::results::load_results(input), gm::UsageError);  // no open() that waits for a writer
    CHECK_THROWS_AS(gm::config::load_matrix(input), gm::UsageError);
  }
  CHECK_THROWS_AS(gm::results::load_results(dir.path()), gm::UsageError);  // a folder without results.json
  CHECK_THROWS_AS(gm::config::load_matrix(dir.path()), gm::UsageError);
}
