#include "cli/workspace_options.hpp"

#include "harness/scripts.hpp"
#include "util/paths.hpp"
#include "util/system_info.hpp"

namespace gm::cli {

void WorkspaceOptions::add_to(CLI::App* command) {
  command->add_option("--cache", cache_dir,
                      "Cache directory (default $XDG_CACHE_HOME/gilmatrix or ~/.cache/gilmatrix)");
  command->add_option("--mirror", mirrors, "Directory laid out like a source mirror (cpython/, sdists/); repeatable")
      ->check(CLI::ExistingDirectory);
  command->add_flag("-v,--verbose", verbose, "Stream build and install output");
  command->add_flag("--offline", offline,
                    "Never use the network: CPython from mirrors, earlier downloads and the build cache; packages "
                    "only from mirrors' sdists/");
}

pipeline::Workspace WorkspaceOptions::make_workspace(exec::ProcessRunner& runner,
                                                     const std::vector<std::filesystem::path>& matrix_mirrors) {
  if (offline)
    downloader_ = std::make_unique<sources::OfflineDownloader>();
  else
    downloader_ = std::make_unique<sources::CurlDownloader>();
  auto root = cache_root(cache_dir);
  std::vector<std::filesystem::path> all_mirrors;
  for (const auto& m : mirrors) all_mirrors.push_back(std::filesystem::weakly_canonical(m));
  if (auto env = getenv_string("GILMATRIX_MIRROR"))
    for (const auto& m : search_path(*env)) all_mirrors.push_back(std::filesystem::weakly_canonical(m));
  all_mirrors.insert(all_mirrors.end(), matrix_mirrors.begin(), matrix_mirrors.end());
  pipeline::Workspace workspace{.runner = runner,
                                .downloader = *downloader_,
                                .cache_root = root,
                                .scripts_dir = harness::materialize_scripts(root),
                                .mirrors = all_mirrors,
                                .locations = sources::InterpreterLocations::from_environment(),
                                .verbose = verbose,
                                .build_jobs = static_cast<int>(usable_cpus().size()),
                                .offline = offline};
  workspace.in_use->hold("harness scripts", workspace.scripts_dir.filename().string());
  return workspace;
}

}  // namespace gm::cli
