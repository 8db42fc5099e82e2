#pragma once
#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "exec/process.hpp"
#include "pipeline/prepared_build.hpp"

namespace gm::cli {

// --cache, --mirror and --verbose, shared by the commands that obtain interpreters.
struct WorkspaceOptions {
  std::optional<std::filesystem::path> cache_dir;
  std::vector<std::filesystem::path> mirrors;
  bool verbose = false;
  bool offline = false;

  void add_to(CLI::App* command);
  // Mirrors from the command line, then $GILMATRIX_MIRROR, then the matrix's [sources].
  pipeline::Workspace make_workspace(exec::ProcessRunner& runner,
                                     const std::vector<std::filesystem::path>& matrix_mirrors = {});

 private:
  std::unique_ptr<sources::Downloader> downloader_;
};

}  // namespace gm::cli
