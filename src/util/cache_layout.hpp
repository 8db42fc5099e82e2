#pragma once
// Everything gilmatrix keeps under its cache root, named in one place. The
// root is --cache DIR, else $GILMATRIX_CACHE, else $XDG_CACHE_HOME/gilmatrix,
// else ~/.cache/gilmatrix (paths.hpp: cache_root()).
//
//   builds/<key>/                 complete CPython installs (cpython_build/build_cache.hpp)
//   builds/.staging-<key>-<pid>/  a build in progress; .damaged-/.deleting-: being removed
//   work/<key>-<pid>/             a build's extracted sources and objects
//   failed/<key>.log              the log of the last failed build of a key
//   failed/<key>.json             its step and message, when the build itself failed (bisect reuses it)
//   locks/<name>.lock             flocks: <key>.lock per build key, venv-<key>.lock per environment,
//                                 use-<kind>-<name>.lock for entries a command uses (util/cache_use.hpp)
//   downloads/                    release tarballs fetched from python.org
//   git/<hash>.git                bare mirrors of git sources
//   harness/<hash>/               the embedded Python scripts, one folder per gilmatrix version
//   venvs/<set>-<hash>/           package environments
//   pip/<build>/                  pip's wheel cache for one interpreter build
#include <filesystem>
#include <string>
#include <vector>

namespace gm {

class CacheLayout {
 public:
  explicit CacheLayout(std::filesystem::path root) : root_(std::move(root)) {}

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path builds() const { return root_ / "builds"; }
  std::filesystem::path build_work() const { return root_ / "work"; }
  std::filesystem::path failed_builds() const { return root_ / "failed"; }
  std::filesystem::path locks() const { return root_ / "locks"; }
  std::filesystem::path lock(const std::string& name) const { return locks() / (name + ".lock"); }
  // The lock of the package environment environments()/<key>: held while the
  // environment is made or checked for reuse, and by `cache prune` while it deletes it.
  std::filesystem::path environment_lock(const std::string& key) const { return lock("venv-" + key); }
  std::filesystem::path downloads() const { return root_ / "downloads"; }
  std::filesystem::path git_mirrors() const { return root_ / "git"; }
  std::filesystem::path harness() const { return root_ / "harness"; }
  std::filesystem::path environments() const { return root_ / "venvs"; }
  std::filesystem::path pip_caches() const { return root_ / "pip"; }
  // Stress runs' files (results, every thread's stacks, ThreadSanitizer logs), one folder per check.
  std::filesystem::path stress_runs() const { return root_ / "stress"; }

  // The kinds of entries besides builds, each a folder whose children are
  // its entries: what `cache list` sums up and `cache prune` ages out.
  struct Kind {
    std::string name;  // "environments", "pip caches", ...
    std::filesystem::path dir;
  };
  std::vector<Kind> other_kinds() const {
    return {{"environments", environments()}, {"pip caches", pip_caches()},   {"downloads", downloads()},
            {"git mirrors", git_mirrors()},   {"harness scripts", harness()}, {"failed build logs", failed_builds()}};
  }

 private:
  std::filesystem::path root_;
};

}  // namespace gm
