#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/matrix.hpp"
#include "pipeline/prepared_build.hpp"
#include "results/model.hpp"
#include "util/error.hpp"

namespace gm::pipeline {

struct RunOptions {
  std::optional<std::filesystem::path> out_dir;     // default reports/<matrix>-<UTC time>/
  bool resume = false;                              // continue the run in out_dir
  bool force = false;                               // resume even though the matrix or a workload changed
  bool skip_missing = false;                        // builds that cannot be had do not fail the run
  std::vector<std::string> selection;               // the narrowing options the matrix was run with
  std::vector<std::string> argv;                    // for the report's "reproduce" line
  std::optional<config::Isolation> isolation;       // overrides the matrix's
  std::optional<std::chrono::milliseconds> budget;  // the run's measuring budget (--budget), overrides the matrix's
  bool no_wait = false;                             // fail (exit 3) instead of waiting when another run is measuring
  std::optional<results::ShardInfo> shard;          // the matrix given is this shard's part (`run --shard K/N`)
  // Builds measured in the same paired rounds as another (build -> that build):
  // `bisect` measures each commit beside both ends.
  std::map<std::string, std::string> measured_with;
};

struct RunOutcome {
  ExitCode exit_code = ExitCode::ok;
  std::filesystem::path out_dir;  // holds results.json and report.md
  results::RunResults results;
};

// fetch/build, probe, measure every cell on all cores, write results.json and
// report.md. Cells are journaled as they finish, so Ctrl-C keeps what was done.
RunOutcome run_matrix(const config::Matrix& matrix, const RunOptions& options, Workspace& workspace);

}  // namespace gm::pipeline
