#pragma once
// Finding interpreters that already exist on the machine: on PATH and among
// pyenv's versions. pyenv's shims are skipped: they choose a version from the
// caller's environment, which gilmatrix deliberately does not pass on.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace gm::sources {

struct InterpreterLocations {
  std::vector<std::filesystem::path> path_dirs;
  std::optional<std::filesystem::path> pyenv_root;

  static InterpreterLocations from_environment();  // $PATH and $PYENV_ROOT (default ~/.pyenv)
  std::vector<std::filesystem::path> pyenv_version_dirs() const;
};

// `name` is a path ("/opt/py/bin/python3"), a pyenv version ("3.12.1"), or an
// executable name ("python3.13", "python3.13t"). The error lists what was tried.
Expected<std::filesystem::path> find_interpreter(const std::string& name, const InterpreterLocations& where);

// Executables that may be CPython `version` ("3.12" or "3.12.1") of the given
// variant, most specific first; the caller probes them to be sure.
std::vector<std::filesystem::path> interpreter_candidates(const std::string& version, bool free_threaded,
                                                          const InterpreterLocations& where);

}  // namespace gm::sources
