#include "pipeline/commit_range.hpp"

#include "util/cache_layout.hpp"
#include "util/error.hpp"

namespace gm::pipeline {

std::vector<sources::CommitSummary> bisect_commit_range(const std::string& url, const std::string& good,
                                                        const std::string& bad, bool all_parents,
                                                        const Workspace& workspace) {
  sources::GitMirror mirror(CacheLayout(workspace.cache_root).git_mirrors(), url);
  const bool may_fetch = sources::GitMirror::is_local(url) || !workspace.offline;
  auto good_id = mirror.resolve(good, may_fetch);
  if (!good_id) throw UsageError("--good " + good + ": " + good_id.error());
  auto bad_id = mirror.resolve(bad, may_fetch);
  if (!bad_id) throw UsageError("--bad " + bad + ": " + bad_id.error());
  auto range = all_parents ? mirror.ancestry_range(*good_id, *bad_id) : mirror.first_parent_range(*good_id, *bad_id);
  if (!range) throw UsageError(range.error());
  if (range->size() < 2) throw UsageError("--good and --bad name the same commit: there is nothing to bisect");
  return std::move(*range);
}

}  // namespace gm::pipeline
