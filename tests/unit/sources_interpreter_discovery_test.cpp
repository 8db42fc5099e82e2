#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "sources/interpreter_discovery.hpp"

namespace fs = std::filesystem;
using gm::sources::InterpreterLocations;

namespace {

// A machine's interpreters as empty executable files: no Python runs.
struct FakeMachine {
  fs::path dir = fs::temp_directory_path() / ("gilmatrix-discovery-test-" + std::to_string(::getpid()));
  InterpreterLocations where;
  FakeMachine() {
    fs::create_directories(dir);
    where.path_dirs = {dir / "shims", dir / "bin"};
    where.pyenv_root = dir / "pyenv";
  }
  ~FakeMachine() { fs::remove_all(dir); }
  fs::path executable(const fs::path& relative, bool executable_bit = true) {
    auto path = dir / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << "#!/bin/sh\n";
    fs::permissions(path, executable_bit ? fs::perms::owner_all : fs::perms::owner_read | fs::perms::owner_write);
    return path;
  }
};

}  // namespace

TEST_CASE(
    "interpreter discovery: a pyenv version resolves to its own interpreter, the free-threaded one for a t "
    "version",
    "[sources][interpreter_discovery]") {
  FakeMachine machine;
  auto gil = machine.executable("pyenv/versions/3.12.1/bin/python3");
  machine.executable("pyenv/versions/3.13.0t/bin/python3");
  auto free_threaded = machine.executable("pyenv/versions/3.13.0t/bin/python3t");
  machine.executable("bin/3.12.1");  // a PATH executable of that name loses to pyenv's version
  auto found = gm::sources::find_interpreter("3.12.1", machine.where);
  REQUIRE(found);
  CHECK(*found == gil);
  found = gm::sources::find_interpreter("3.13.0t", machine.where);
  REQUIRE(found);
  CHECK(*found == free_threaded);
}

TEST_CASE("interpreter discovery: a name is looked up on PATH, never through pyenv's shims, then in pyenv's versions",
          "[sources][interpreter_discovery]") {
  FakeMachine machine;
  machine.executable("shims/python3.13");
  auto on_path = machine.executable("bin/python3.13");
  auto found = gm::sources::find_interpreter("python3.13", machine.where);
  REQUIRE(found);
  CHECK(*found == on_path);
  auto in_pyenv = machine.executable("pyenv/versions/3.14.0/bin/python3.14");
  found = gm::sources::find_interpreter("python3.14", machine.where);
  REQUIRE(found);
  CHECK(*found == in_pyenv);
}

TEST_CASE("interpreter discovery: a path is taken as it is, and must be an executable file",
          "[sources][interpreter_discovery]") {
  FakeMachine machine;
  auto python = machine.executable("opt/py/bin/python3");
  auto found = gm::sources::find_interpreter(python.string(), machine.where);
  REQUIRE(found);
  CHECK(*found == python);
  auto not_executable = machine.executable("opt/py/bin/python3.x", false);
  auto refused = gm::sources::find_interpreter(not_executable.string(), machine.where);
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error(), Catch::Contains("does not exist or is not executable"));
}

TEST_CASE("interpreter discovery: a name found nowhere says where it looked and what pyenv has",
          "[sources][interpreter_discovery]") {
  FakeMachine machine;
  machine.executable("pyenv/versions/3.12.1/bin/python3");
  machine.executable("pyenv/versions/3.13.0/bin/python3");
  auto missing = gm::sources::find_interpreter("3.11.9", machine.where);
  REQUIRE_FALSE(missing);
  CHECK_THAT(missing.error(), Catch::Contains("\"3.11.9\" not found on PATH and"));
  CHECK_THAT(missing.error(), Catch::Contains("(has: 3.13.0, 3.12.1)"));
}

TEST_CASE("interpreter discovery: the candidates for a version are pyenv's newest first, then PATH's, each once",
          "[sources][interpreter_discovery]") {
  FakeMachine machine;
  auto older = machine.executable("pyenv/versions/3.13.2t/bin/python3.13t");
  auto newer = machine.executable("pyenv/versions/3.13.10t/bin/python3.13t");
  machine.executable("pyenv/versions/3.13.10/bin/python3.13");  // the GIL build: not a candidate for 3.13t
  machine.executable("pyenv/versions/3.14.0t/bin/python3.14t");
  auto on_path = machine.executable("bin/python3.13t");
  machine.executable("shims/python3.13t");
  auto candidates = gm::sources::interpreter_candidates("3.13", true, machine.where);
  CHECK(candidates == std::vector<fs::path>{newer, older, on_path});
  candidates = gm::sources::interpreter_candidates("3.13.2", true, machine.where);
  CHECK(candidates == std::vector<fs::path>{older, on_path});
}
