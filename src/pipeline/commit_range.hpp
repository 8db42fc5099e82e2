#pragma once
// The commits a bisect walks, for both forms: --good and --bad resolved in
// the cache's mirror of the repository, and the first-parent path between
// them, oldest first, or with `all_parents` every commit bad descends from
// and good does not, merged branches included (parents before children). A
// ref that does not resolve, a good end that is not an ancestor of the bad
// one, or one commit only is a UsageError.
#include <string>
#include <vector>

#include "pipeline/prepared_build.hpp"
#include "sources/git_source.hpp"

namespace gm::pipeline {

std::vector<sources::CommitSummary> bisect_commit_range(const std::string& url, const std::string& good,
                                                        const std::string& bad, bool all_parents,
                                                        const Workspace& workspace);

}  // namespace gm::pipeline
