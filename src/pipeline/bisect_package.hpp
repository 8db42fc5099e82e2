#pragma once
// `gilmatrix bisect --repo`: which commit of a package's history changed its
// verdict on one interpreter? The interpreter stays fixed; each tested
// commit's tree is installed and its extension modules imported as `check`
// does, and its result (each module's verdict, or that it does not install)
// is compared with the two ends'. The search itself is bisect/search.hpp.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "bisect/result.hpp"
#include "pipeline/check_extensions.hpp"
#include "pipeline/prepared_build.hpp"
#include "util/error.hpp"

namespace gm::pipeline {

struct PackageBisectRequest {
  std::string python;  // one interpreter, named as `check --python` takes it
  std::string repo;    // the package's git repository: a path or a URL
  std::string good, bad;
  std::optional<std::string> module;  // judge only this extension module
  bool all_parents = false;           // descend into merged branches
  std::filesystem::path out_dir;      // bisect.json after every step; none when empty
  bool resume = false;                // go on from out_dir/bisect.json
  std::chrono::milliseconds import_timeout{60'000};
  std::chrono::milliseconds install_timeout{20 * 60'000};
};

// Exit: 0 the first bad commit was found; 1 the ends give the same result, or
// the commit is hidden in a range of commits that did not install; 3 the
// interpreter or the repository could not be had; 130 interrupted.
bisect::Result bisect_package(const PackageBisectRequest& request, Workspace& workspace);

// A commit's result in one line, from what `check` found (only `module` when
// given): what two commits are compared by. `detail` gets why it did not install.
std::string package_result(const CheckOutcome& outcome, const std::optional<std::string>& module, std::string& detail);

}  // namespace gm::pipeline
