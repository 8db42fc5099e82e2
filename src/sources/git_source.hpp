#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "util/error.hpp"
#include "util/json_record.hpp"

namespace gm::sources {

struct CommitSummary {
  std::string id;                    // full sha
  std::string subject;               // the first line of the message
  std::int64_t author_time = 0;      // seconds since the epoch
  std::vector<std::string> parents;  // full shas, the first parent first

  std::string short_id() const { return id.substr(0, 12); }  // as the terminal and reports show it
};
GM_JSON_RECORD(CommitSummary, id, subject, author_time, parents)

// A persistent bare mirror of a git repository in the cache (libgit2).
class GitMirror {
 public:
  // The mirror of `url` lives in `git_cache`/<hash of url>.git.
  GitMirror(std::filesystem::path git_cache, std::string url);

  // The commit `ref` names: a tag, a branch (fetched first so it is current), or
  // a full commit sha (fetched only when not already present). Without
  // `may_fetch` (--offline with a remote URL) only what the mirror already
  // holds is used, a branch as last fetched.
  Expected<std::string> resolve(const std::string& ref, bool may_fetch = true);

  // A URL that names a local repository (a path or file://): fetching it needs no network.
  static bool is_local(const std::string& url);

  // The commits from `good` to `bad` (full shas), oldest first, both
  // included, following first parents from `bad` (merged branches are one
  // step, as `git bisect --first-parent` sees them). An error when `good` is
  // not a first-parent ancestor of `bad`.
  Expected<std::vector<CommitSummary>> first_parent_range(const std::string& good, const std::string& bad);

  // `good` and every commit `bad` descends from that `good` does not, merged
  // branches included (as `git bisect` without --first-parent sees them):
  // good first, then parents always before their children (the mainline's
  // order where it can), bad last. An error when `bad` does not descend from
  // `good`.
  Expected<std::vector<CommitSummary>> ancestry_range(const std::string& good, const std::string& bad);

  // Writes the tree of `commit` into `destination` (no .git directory).
  Expected<void> export_tree(const std::string& commit, const std::filesystem::path& destination);

  const std::filesystem::path& path() const { return path_; }

 private:
  Expected<void> fetch();

  std::filesystem::path path_;
  std::string url_;
};

}  // namespace gm::sources
