#include "sources/git_source.hpp"

#include <git2.h>

#include <algorithm>
#include <memory>
#include <regex>
#include <utility>

#include <fmt/format.h>

#include "util/hash.hpp"
#include "util/paths.hpp"
#include "util/terminal.hpp"

namespace gm::sources {
namespace fs = std::filesystem;

namespace {

struct Libgit2 {
  Libgit2() { git_libgit2_init(); }
  ~Libgit2() { git_libgit2_shutdown(); }
};

std::string last_git_error(const std::string& what) {
  const git_error* error = git_error_last();
  return fmt::format("{}: {}", what, error && error->message ? error->message : "unknown libgit2 error");
}

using Repository = std::unique_ptr<git_repository, decltype(&git_repository_free)>;
using Remote = std::unique_ptr<git_remote, decltype(&git_remote_free)>;
using Object = std::unique_ptr<git_object, decltype(&git_object_free)>;

Expected<Repository> open_or_create(const fs::path& path, const std::string& url) {
  static Libgit2 library;
  git_repository* raw = nullptr;
  if (fs::exists(path / "HEAD")) {
    if (git_repository_open_bare(&raw, path.c_str()) != 0) return fail(last_git_error("cannot open " + path.string()));
    return Repository(raw, git_repository_free);
  }
  fs::create_directories(path);
  if (git_repository_init(&raw, path.c_str(), 1) != 0) return fail(last_git_error("cannot create " + path.string()));
  Repository repo(raw, git_repository_free);
  git_remote* remote = nullptr;
  if (git_remote_create_with_fetchspec(&remote, repo.get(), "origin", url.c_str(), "+refs/heads/*:refs/heads/*") != 0)
    return fail(last_git_error("cannot add remote " + url));
  git_remote_free(remote);
  return repo;
}

int on_transfer(const git_indexer_progress* stats, void*) {
  if (stats->total_objects > 0)
    Terminal::instance().status(fmt::format("git fetch: {} of {} objects, {:.1f} MiB", stats->received_objects,
                                            stats->total_objects,
                                            static_cast<double>(stats->received_bytes) / (1 << 20)));
  return 0;
}

bool is_full_sha(const std::string& ref) {
  static const std::regex sha("[0-9a-f]{40}");
  return std::regex_match(ref, sha);
}

Expected<std::string> lookup(git_repository* repo, const std::string& ref) {
  git_object* raw = nullptr;
  for (const auto& spec : {"refs/tags/" + ref, "refs/heads/" + ref, ref}) {
    if (git_revparse_single(&raw, repo, spec.c_str()) != 0) continue;
    Object object(raw, git_object_free);
    git_object* commit = nullptr;
    if (git_object_peel(&commit, object.get(), GIT_OBJECT_COMMIT) != 0) continue;
    char hex[GIT_OID_HEXSZ + 1] = {0};
    git_oid_tostr(hex, sizeof hex, git_object_id(commit));
    git_object_free(commit);
    return std::string(hex);
  }
  return fail(fmt::format("no branch, tag or commit named \"{}\"", ref));
}

// A bisect's range to walk: the mirror, opened, and its two ends as object ids
// (full shas, as GitMirror::resolve gives them).
struct RangeEnds {
  Repository repo;
  git_oid good;
  git_oid bad;
};

Expected<RangeEnds> open_range(const fs::path& path, const std::string& url, const std::string& good,
                               const std::string& bad) {
  auto repo = open_or_create(path, url);
  if (!repo) return fail(repo.error());
  RangeEnds ends{std::move(*repo), {}, {}};
  if (git_oid_fromstr(&ends.good, good.c_str()) != 0) return fail("not a commit id: " + good);
  if (git_oid_fromstr(&ends.bad, bad.c_str()) != 0) return fail("not a commit id: " + bad);
  return ends;
}

// One commit's id, subject, author time and parents.
Expected<CommitSummary> summary_of(git_repository* repo, const git_oid& oid, const fs::path& path) {
  char hex[GIT_OID_HEXSZ + 1] = {0};
  git_oid_tostr(hex, sizeof hex, &oid);
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo, &oid) != 0)
    return fail(last_git_error(fmt::format("commit {} not in {}", hex, path.string())));
  std::unique_ptr<git_commit, decltype(&git_commit_free)> commit(raw, git_commit_free);
  const char* subject = git_commit_summary(commit.get());
  CommitSummary summary{hex, subject ? subject : "", git_commit_author(commit.get())->when.time, {}};
  for (unsigned i = 0; i < git_commit_parentcount(commit.get()); ++i) {
    char parent[GIT_OID_HEXSZ + 1] = {0};
    git_oid_tostr(parent, sizeof parent, git_commit_parent_id(commit.get(), i));
    summary.parents.emplace_back(parent);
  }
  return summary;
}

}  // namespace

GitMirror::GitMirror(fs::path git_cache, std::string url)
    : path_(git_cache / (sha256_hex(url).substr(0, 16) + ".git")), url_(std::move(url)) {}

Expected<void> GitMirror::fetch() {
  auto repo = open_or_create(path_, url_);
  if (!repo) return fail(repo.error());
  git_remote* raw = nullptr;
  if (git_remote_lookup(&raw, repo->get(), "origin") != 0)
    return fail(last_git_error("no remote in " + path_.string()));
  Remote remote(raw, git_remote_free);
  git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
  options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_ALL;
  options.prune = GIT_FETCH_PRUNE;
  options.callbacks.transfer_progress = on_transfer;
  const char* specs[] = {"+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"};
  git_strarray refspecs{const_cast<char**>(specs), 2};
  Terminal::instance().line("git fetch " + url_);
  if (git_remote_fetch(remote.get(), &refspecs, &options, nullptr) != 0)
    return fail(last_git_error("git fetch " + url_));
  return {};
}

bool GitMirror::is_local(const std::string& url) { return written_as_path(url) || url.starts_with("file://"); }

Expected<std::string> GitMirror::resolve(const std::string& ref, bool may_fetch) {
  auto repo = open_or_create(path_, url_);
  if (!repo) return fail(repo.error());
  if (is_full_sha(ref))
    if (auto found = lookup(repo->get(), ref)) return found;  // a commit never changes: no fetch needed
  if (!may_fetch) {
    auto local = lookup(repo->get(), ref);
    if (!local)
      return fail(fmt::format("{} is not in the mirror of {} yet, and --offline does not fetch it", ref, url_));
    return local;
  }
  auto fetched = fetch();
  if (!fetched) {
    // Offline: a tag or commit already mirrored is still good; a branch may be stale, so say so.
    git_reference* branch = nullptr;
    bool is_branch = git_reference_lookup(&branch, repo->get(), ("refs/heads/" + ref).c_str()) == 0;
    git_reference_free(branch);
    auto local = lookup(repo->get(), ref);
    if (local && !is_branch) return local;
    return fail(fetched.error());
  }
  auto commit = lookup(repo->get(), ref);
  if (!commit) return fail(fmt::format("{} in {}", commit.error(), url_));
  return commit;
}

Expected<std::vector<CommitSummary>> GitMirror::first_parent_range(const std::string& good, const std::string& bad) {
  auto ends = open_range(path_, url_, good, bad);
  if (!ends) return fail(ends.error());
  const auto good_oid = ends->good;
  auto oid = ends->bad;
  std::vector<CommitSummary> range;
  while (true) {
    auto commit = summary_of(ends->repo.get(), oid, path_);
    if (!commit) return fail(commit.error());
    range.push_back(std::move(*commit));
    if (git_oid_equal(&oid, &good_oid)) break;
    if (range.back().parents.empty())
      return fail(
          fmt::format("{} is not an ancestor of {} along first parents: give a good commit that {} descends "
                      "from, or add --all-parents",
                      good.substr(0, 12), bad.substr(0, 12), bad.substr(0, 12)));
    git_oid_fromstr(&oid, range.back().parents.front().c_str());
  }
  std::reverse(range.begin(), range.end());
  return range;
}

Expected<std::vector<CommitSummary>> GitMirror::ancestry_range(const std::string& good, const std::string& bad) {
  auto ends = open_range(path_, url_, good, bad);
  if (!ends) return fail(ends.error());
  git_repository* repo = ends->repo.get();
  const auto good_oid = ends->good, bad_oid = ends->bad;
  if (!git_oid_equal(&good_oid, &bad_oid) && git_graph_descendant_of(repo, &bad_oid, &good_oid) != 1)
    return fail(fmt::format("{} is not an ancestor of {}: give a good commit that {} descends from", good.substr(0, 12),
                            bad.substr(0, 12), bad.substr(0, 12)));
  git_revwalk* raw = nullptr;
  if (git_revwalk_new(&raw, repo) != 0) return fail(last_git_error("cannot walk " + path_.string()));
  std::unique_ptr<git_revwalk, decltype(&git_revwalk_free)> walk(raw, git_revwalk_free);
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME | GIT_SORT_REVERSE);
  if (git_revwalk_push(walk.get(), &bad_oid) != 0 || git_revwalk_hide(walk.get(), &good_oid) != 0)
    return fail(last_git_error("cannot walk from " + bad.substr(0, 12)));
  std::vector<CommitSummary> range;
  auto good_commit = summary_of(repo, good_oid, path_);
  if (!good_commit) return fail(good_commit.error());
  range.push_back(std::move(*good_commit));
  git_oid oid;
  while (git_revwalk_next(&oid, walk.get()) == 0) {
    auto commit = summary_of(repo, oid, path_);
    if (!commit) return fail(commit.error());
    range.push_back(std::move(*commit));
  }
  // Topological order ends at the one commit nothing in the walk descends from: bad.
  if (range.back().id != bad) return fail(fmt::format("the walk from {} did not end at it", bad.substr(0, 12)));
  return range;
}

Expected<void> GitMirror::export_tree(const std::string& commit, const fs::path& destination) {
  auto repo = open_or_create(path_, url_);
  if (!repo) return fail(repo.error());
  git_oid oid;
  if (git_oid_fromstr(&oid, commit.c_str()) != 0) return fail("not a commit id: " + commit);
  git_object* raw = nullptr;
  if (git_object_lookup(&raw, repo->get(), &oid, GIT_OBJECT_COMMIT) != 0)
    return fail(last_git_error("commit " + commit + " not in " + path_.string()));
  Object object(raw, git_object_free);
  fs::create_directories(destination);
  auto target = destination.string();
  git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
  options.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_DONT_UPDATE_INDEX;
  options.target_directory = target.c_str();
  if (git_checkout_tree(repo->get(), object.get(), &options) != 0)
    return fail(last_git_error("cannot check out " + commit));
  return {};
}

}  // namespace gm::sources
