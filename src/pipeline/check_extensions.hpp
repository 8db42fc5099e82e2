#pragma once
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/compatibility.hpp"
#include "pipeline/prepared_build.hpp"
#include "pipeline/stress_extensions.hpp"
#include "results/check_results.hpp"
#include "util/error.hpp"

namespace gm::pipeline {

struct CheckRequest {
  std::vector<std::string> targets;  // source directories, sdists, wheels or requirement strings
  std::vector<std::string> pythons;  // "3.13t", "cp313t", "3.13+freethreaded", a path or name (python_request.hpp)
  std::chrono::milliseconds import_timeout{60'000};
  std::chrono::milliseconds install_timeout{20 * 60'000};
  bool skip_missing = false;  // an interpreter that cannot be had is skipped instead of failing the check
  // Thread-safety stress runs: with --stress FILE, or on a sanitised build
  // (3.14t-tsan) with concurrent imports when no file is given.
  std::optional<std::filesystem::path> stress_file;  // --stress
  config::StressSettings stress;
  bool stress_requested = false;
};

struct CheckOutcome {
  std::vector<PreparedBuild> builds;
  CompatibilityResults compatibility;
  StressResults stress;
  std::vector<std::string> skipped;  // builds that could not be had, skipped (--skip-missing)
  ExitCode exit_code = ExitCode::ok;

  // What the renderers of report/check_output.hpp show.
  results::CheckResults results() const;
};

// Maintainer mode: install the targets into an environment of each
// interpreter and import every extension module they bring.
// Exit: 0 all keep the GIL disabled, 1 any re-enables it (or crashes, hangs,
// fails to import, or races, crashes or hangs under threads), 3 something could not be installed or an interpreter
// could not be had (unless skipped with skip_missing; none at all is always 3), 130 interrupted. A name that is not an
// interpreter name (pypy3.10) is a UsageError.
CheckOutcome check_extensions(const CheckRequest& request, Workspace& workspace);

}  // namespace gm::pipeline
