#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/run_command_line.hpp"

using gm::pipeline::reproduce_command;
namespace fs = std::filesystem;

TEST_CASE("run command line: --cache is left out when it names the default cache", "[pipeline][run_command_line]") {
  const fs::path cache = "/home/ana/.cache/gilmatrix";
  CHECK(reproduce_command({"./gilmatrix", "run", "m.toml", "--cache", "/home/ana/.cache/gilmatrix/", "--skip-missing"},
                          cache) == "gilmatrix run m.toml --skip-missing");
  CHECK(reproduce_command({"gilmatrix", "run", "m.toml", "--cache=/home/ana/.cache/gilmatrix"}, cache) ==
        "gilmatrix run m.toml");
}

TEST_CASE("run command line: another --cache is kept, every word quoted", "[pipeline][run_command_line]") {
  CHECK(reproduce_command({"gilmatrix", "run", "my m.toml", "--cache", "/tmp/my cache", "--out", "x"},
                          fs::path("/home/ana/.cache/gilmatrix")) ==
        "gilmatrix run 'my m.toml' --cache '/tmp/my cache'");
  CHECK(reproduce_command({"gilmatrix", "run", "m.toml", "--cache", "/tmp/c"}, std::nullopt) ==
        "gilmatrix run m.toml --cache /tmp/c");
}
