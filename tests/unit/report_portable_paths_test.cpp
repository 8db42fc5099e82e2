#include <catch2/catch.hpp>

#include "report/portable_paths.hpp"

using gm::report::PortablePaths;

namespace {
const PortablePaths kPaths("/home/ana/.cache/gilmatrix", "/home/ana/src/myext", "/home/ana");
}

TEST_CASE("portable paths: the cache becomes $GILMATRIX_CACHE", "[report][portable_paths]") {
  CHECK(kPaths.apply("env -u PYTHON_GIL /home/ana/.cache/gilmatrix/venvs/x-1/bin/python -c 'import m'") ==
        "env -u PYTHON_GIL $GILMATRIX_CACHE/venvs/x-1/bin/python -c 'import m'");
  CHECK(kPaths.apply("cache: /home/ana/.cache/gilmatrix") == "cache: $GILMATRIX_CACHE");
}

TEST_CASE("portable paths: under the working directory paths become relative", "[report][portable_paths]") {
  CHECK(kPaths.apply("gilmatrix run /home/ana/src/myext/matrices/ci.toml --mirror ../shared/mirror") ==
        "gilmatrix run matrices/ci.toml --mirror ../shared/mirror");
  CHECK(kPaths.apply("(/home/ana/src/myext)") == "(.)");
}

TEST_CASE("portable paths: the home directory becomes ~", "[report][portable_paths]") {
  CHECK(kPaths.apply("| 3.12 | ~/x | /home/ana/.pyenv/versions/3.12.1/bin/python3 |") ==
        "| 3.12 | ~/x | ~/.pyenv/versions/3.12.1/bin/python3 |");
  CHECK(kPaths.apply("File \"/home/ana/w.py\", line 3") == "File \"~/w.py\", line 3");
}

TEST_CASE("portable paths: only whole path components match", "[report][portable_paths]") {
  CHECK(kPaths.apply("/home/anabel/x and /opt/home/ana/y") == "/home/anabel/x and /opt/home/ana/y");
  CHECK(kPaths.apply("/home/ana/src/myext2/m.toml") == "~/src/myext2/m.toml");
}

TEST_CASE("portable paths: a root or empty directory is never a prefix", "[report][portable_paths]") {
  PortablePaths paths("", "/", "/");
  CHECK(paths.apply("/usr/bin/python3") == "/usr/bin/python3");
}

TEST_CASE("portable paths: the legend explains the placeholders", "[report][portable_paths]") {
  CHECK_THAT(PortablePaths::legend(), Catch::Contains("`$GILMATRIX_CACHE` is gilmatrix's cache") &&
                                          Catch::Contains("results.json` keeps the full paths"));
}

TEST_CASE("portable paths: a command is rewritten word by word and correct as pasted", "[report][portable_paths]") {
  // --cache of a cache that is not the default: one word however the variable is set, and a stop with a
  // message where it is not, never `--cache --skip-missing`.
  CHECK(kPaths.apply_to_command("gilmatrix run /home/ana/src/myext/m.toml --cache /home/ana/.cache/gilmatrix "
                                "--skip-missing") ==
        "gilmatrix run m.toml --cache \"${GILMATRIX_CACHE:?set GILMATRIX_CACHE to the gilmatrix cache to use}\" "
        "--skip-missing");
  CHECK(kPaths.apply_to_command("gilmatrix run '/home/ana/my matrices/m.toml' --mirror=/home/ana/mirror") ==
        "gilmatrix run ~/'my matrices/m.toml' --mirror=\"$HOME\"/mirror");
  CHECK(kPaths.apply_to_command("gilmatrix run 'it'\\''s.toml' --build '3.13*'") ==
        "gilmatrix run 'it'\\''s.toml' --build '3.13*'");
}
