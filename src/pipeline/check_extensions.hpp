#pragma once
#include <chrono>
#include <string>
#include <vector>

#include "pipeline/compatibility.hpp"
#include "pipeline/prepared_build.hpp"
#include "util/error.hpp"

namespace gm::pipeline {

struct CheckRequest {
  std::vector<std::string> targets;  // source directories, sdists, wheels or requirement strings
  std::vector<std::string> pythons;  // default build names ("3.13t") or interpreters (path, name)
  std::chrono::milliseconds import_timeout{60'000};
  std::chrono::milliseconds install_timeout{20 * 60'000};
};

struct CheckOutcome {
  std::vector<PreparedBuild> builds;
  CompatibilityResults compatibility;
  ExitCode exit_code = ExitCode::ok;
};

// The build names `check` knows without a matrix: those of matrices/default.toml.
const std::vector<std::string>& default_build_names();

// Maintainer mode: install the targets into an environment of each
// interpreter and import every extension module they bring.
// Exit: 0 all keep the GIL disabled, 1 any re-enables it (or crashes, hangs,
// fails to import), 3 nothing could be installed or no interpreter was had,
// 130 interrupted.
CheckOutcome check_extensions(const CheckRequest& request, Workspace& workspace);

}  // namespace gm::pipeline
