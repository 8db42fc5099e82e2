#include "pipeline/prepared_build.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "cpython_build/build_or_reuse.hpp"
#include "cpython_build/cache_key.hpp"
#include "cpython_build/cached_release.hpp"
#include "exec/interrupt.hpp"
#include "interpreter/probe.hpp"
#include "sources/archive.hpp"
#include "sources/git_source.hpp"
#include "sources/release_source.hpp"
#include "sources/source_tree_version.hpp"
#include "util/cache_layout.hpp"
#include "util/strings.hpp"
#include "util/terminal.hpp"

namespace gm::pipeline {
namespace fs = std::filesystem;

namespace {

// Builds are obtained in parallel (see prepare_builds); these guard what they share.
std::mutex compiler_identity_mutex;
std::mutex source_mutex;  // downloads and git fetches: one at a time, so one tarball is fetched once

const std::string& compiler_identity(Workspace& workspace) {
  std::lock_guard lock(compiler_identity_mutex);
  if (!workspace.compiler_identity)
    workspace.compiler_identity = cpython_build::detect_compiler_identity(workspace.runner);
  return *workspace.compiler_identity;
}

// "gcc: gcc (Debian 12.2.0-14) 12.2.0 x86_64-linux-gnu" -> "gcc"
std::string compiler_command(const std::string& identity) {
  auto colon = identity.find(':');
  return colon == std::string::npos ? "gcc" : identity.substr(0, colon);
}

// The source facts a build records in build.json, from what the record knows so far.
cpython_build::SourceFacts source_facts(const results::BuildDetails& d) {
  return {d.version, d.tarball, d.tarball_from, d.sha256, d.git_url, d.git_ref, d.commit};
}

void unavailable(PreparedBuild& build, results::BuildStatus status, std::string reason) {
  build.record.status = status;
  build.record.reason = std::move(reason);
}

// Compiles (or reuses from the cache) the recipe and fills in the record.
void build_from_source(PreparedBuild& build, Workspace& workspace, cpython_build::BuildRecipe recipe,
                       std::function<Expected<fs::path>(const fs::path&)> prepare_source) {
  cpython_build::BuildRequest request{std::move(recipe),
                                      std::move(prepare_source),
                                      source_facts(build.record.details),
                                      compiler_command(compiler_identity(workspace)),
                                      workspace.build_jobs,
                                      workspace.verbose,
                                      workspace.configure_caches,
                                      workspace.reuse_build_failures};
  cpython_build::BuildCache cache(workspace.cache_root);
  auto built = cpython_build::build_or_reuse(workspace.runner, cache, request);
  if (!built) {
    const auto& failure = built.error();
    build.record.details.cache_key = failure.key;
    build.record.details.failed_step = failure.step;
    build.record.details.log = failure.log.string();
    build.record.details.log_tail = failure.log_tail;
    build.failure_remembered = !failure.remembered.empty();
    unavailable(build,
                failure.interrupted        ? results::BuildStatus::interrupted
                : failure.full_disk        ? results::BuildStatus::no_space
                : failure.step == "source" ? results::BuildStatus::source_unavailable
                                           : results::BuildStatus::build_failed,
                (failure.log.empty() ? failure.message
                                     : fmt::format("{}; full log: {}", failure.message, failure.log.string())) +
                    (failure.remembered.empty()
                         ? ""
                         : fmt::format(" (remembered from the build at {}; not built again)", failure.remembered)));
    return;
  }
  workspace.in_use->hold("builds", built->key);
  build.python = built->python;
  build.record.python = built->python.string();
  build.built_now = !built->reused;
  auto& details = build.record.details;
  details.cache_key = built->key;
  details.reused_from_cache = built->reused;
  if (!built->repaired.empty())
    details.cache_repair = fmt::format("the cached build {} was damaged ({}); it was moved aside and built again",
                                       built->key, built->repaired);
  const auto& metadata = built->metadata;
  details.configure = metadata.configure;
  details.missing_modules = metadata.missing_modules;
  details.build_seconds = metadata.seconds;
  details.log = (cache.entry_dir(built->key) / "build.log").string();
}

// The source cannot be had: use an existing interpreter of the same version and variant.
bool use_fallback_interpreter(PreparedBuild& build, const config::BuildSpec& spec, Workspace& workspace,
                              const std::string& source_problem) {
  for (const auto& candidate :
       sources::interpreter_candidates(*spec.version, spec.free_threaded, workspace.locations)) {
    auto probe = interpreter::probe_interpreter(workspace.runner, candidate, workspace.scripts_dir);
    if (!probe || probe->free_threaded != spec.free_threaded) continue;
    if (probe->version != *spec.version && !probe->version.starts_with(*spec.version + ".")) continue;
    build.record.origin = "fallback interpreter";
    build.record.python = candidate.string();
    build.python = candidate;
    build.record.details.source_problem = source_problem;
    return true;
  }
  return false;
}

// The source cannot be had: the newest build of the same recipe made earlier
// (offline, python.org down). Its source is not rechecked, and the report says so.
bool use_cached_build(PreparedBuild& build, const config::BuildSpec& spec, Workspace& workspace,
                      const std::string& source_problem) {
  cpython_build::BuildCache cache(workspace.cache_root);
  auto cached = cpython_build::find_cached_release(
      cache, {*spec.version, spec.free_threaded, spec.configure, spec.sha256, spec.thread_sanitizer});
  if (!cached) return false;
  workspace.in_use->hold("builds", cached->entry.key);
  cache.mark_used(cached->entry.key);
  const auto& metadata = cached->entry.metadata;
  build.record.origin = results::build_origin::cached_build;
  build.record.python = cached->python.string();
  build.python = cached->python;
  auto& details = build.record.details;
  details.version = cached->version.to_string();
  details.cache_key = cached->entry.key;
  details.reused_from_cache = true;
  details.source_rechecked = false;
  details.source_problem = source_problem;
  details.configure = metadata.configure;
  details.missing_modules = metadata.missing_modules;
  details.built_at = metadata.built_at;
  details.log = (cached->entry.dir / "build.log").string();
  details.sha256 = metadata.source.sha256;
  details.tarball = metadata.source.tarball;
  return true;
}

// The recipe a release tarball is built with (and cached under).
cpython_build::BuildRecipe release_recipe(const sources::ReleaseTarball& tarball, const config::BuildSpec& spec,
                                          Workspace& workspace) {
  cpython_build::BuildRecipe recipe{
      tarball.version.to_string() + cpython_build::variant_suffix(spec.free_threaded, spec.thread_sanitizer),
      "sha256:" + tarball.sha256,
      spec.free_threaded,
      spec.configure,
      compiler_identity(workspace),
      spec.thread_sanitizer};
  // A git ref's version is known only once configured; a release's is known
  // now, and --disable-test-modules exists from 3.10.
  recipe.test_modules = cpython_build::release_builds_test_modules(tarball.version.major, tarball.version.minor);
  return recipe;
}

void from_release(PreparedBuild& build, const config::BuildSpec& spec, Workspace& workspace) {
  build.record.origin = "source";
  sources::ReleaseLocator locator{workspace.mirrors, CacheLayout(workspace.cache_root).downloads(),
                                  workspace.downloader};
  // A copy whose build is cached is not read again (a second per 20 MB); any other is checked before it is built.
  locator.built_already = [&](const sources::ReleaseTarball& tarball) {
    return cpython_build::BuildCache(workspace.cache_root)
        .find(cpython_build::cache_key(release_recipe(tarball, spec, workspace)))
        .has_value();
  };
  auto tarball = [&] {
    std::lock_guard lock(source_mutex);
    return sources::obtain_release_tarball(*spec.version, spec.sha256, locator);
  }();
  if (!tarball) {
    const auto& problem = tarball.error();
    if (problem.kind == sources::SourceProblem::Kind::integrity) {
      unavailable(build, results::BuildStatus::source_damaged, problem.message);
      return;
    }
    if (use_cached_build(build, spec, workspace, problem.message)) return;
    // An installed interpreter is not instrumented: a sanitised build has no fallback.
    if (spec.fallback == config::SourceFallback::interpreter && !spec.thread_sanitizer) {
      if (use_fallback_interpreter(build, spec, workspace, problem.message)) return;
      unavailable(build, results::BuildStatus::source_unavailable,
                  problem.message + fmt::format("; no cached build and no existing {}{} interpreter was found to "
                                                "fall back on either",
                                                *spec.version, spec.free_threaded ? " free-threaded" : ""));
      return;
    }
    unavailable(build, results::BuildStatus::source_unavailable, problem.message);
    return;
  }
  build.record.details.version = tarball->version.to_string();
  build.record.details.tarball = tarball->path.string();
  build.record.details.tarball_from = tarball->origin;
  build.record.details.sha256 = tarball->sha256;
  auto recipe = release_recipe(*tarball, spec, workspace);
  auto path = tarball->path;
  auto version = tarball->version;
  build_from_source(build, workspace, recipe, [path, version](const fs::path& work) -> Expected<fs::path> {
    auto tree = sources::extract_archive(path, work);
    if (!tree) return tree;
    if (auto checked = sources::check_source_tree_version(*tree, version, path); !checked) return fail(checked.error());
    return tree;
  });
}

void from_git(PreparedBuild& build, const config::BuildSpec& spec, Workspace& workspace) {
  build.record.origin = "git";
  auto mirror = std::make_shared<sources::GitMirror>(CacheLayout(workspace.cache_root).git_mirrors(), spec.git->url);
  // --offline: a remote is not fetched; what the mirror holds is used, unrechecked.
  bool may_fetch = !workspace.offline || sources::GitMirror::is_local(spec.git->url);
  auto commit = [&] {
    std::lock_guard lock(source_mutex);
    return mirror->resolve(spec.git->ref, may_fetch);
  }();
  build.record.details.git_url = spec.git->url;
  build.record.details.git_ref = spec.git->ref;
  if (!may_fetch) build.record.details.source_rechecked = false;
  if (!commit) {
    unavailable(build, results::BuildStatus::source_unavailable,
                commit.error() + "; check the url and ref, or the network");
    return;
  }
  build.record.details.commit = *commit;
  cpython_build::BuildRecipe recipe{
      "git-" + commit->substr(0, 12) + cpython_build::variant_suffix(spec.free_threaded, spec.thread_sanitizer),
      "git:" + *commit,
      spec.free_threaded,
      spec.configure,
      compiler_identity(workspace),
      spec.thread_sanitizer};
  std::string id = *commit;
  build_from_source(build, workspace, recipe, [mirror, id](const fs::path& work) -> Expected<fs::path> {
    auto tree = work / "cpython";
    auto exported = mirror->export_tree(id, tree);
    if (!exported) return fail(exported.error());
    return tree;
  });
}

void from_interpreter(PreparedBuild& build, const config::BuildSpec& spec, Workspace& workspace) {
  build.record.origin = "interpreter";
  auto python = sources::find_interpreter(*spec.interpreter, workspace.locations);
  if (!python) {
    unavailable(build, results::BuildStatus::not_found, python.error());
    return;
  }
  build.python = *python;
  build.record.python = python->string();
}

// A release build whose interpreter reports another version than its tarball's
// name (a mislabelled tarball that passed the patchlevel.h check, a cached
// build of one) is refused and taken out of the cache, never reported as the
// version asked for.
void refuse_other_version(PreparedBuild& build, Workspace& workspace) {
  const auto& details = build.record.details;
  if (details.version.empty() || build.record.probe->version == details.version) return;
  auto reason = fmt::format("the interpreter built from {} reports Python {}, not {}: the tarball is mislabelled",
                            details.tarball.empty() ? "the " + details.version + " source" : details.tarball,
                            build.record.probe->version, details.version);
  if (!details.cache_key.empty()) {
    cpython_build::BuildCache cache(workspace.cache_root);
    if (build.built_now) {
      cache.remove(details.cache_key);
      reason += "; nothing was cached";
    } else {
      cache.mark_damaged(details.cache_key, reason);
      reason += fmt::format("; the cached build {} is marked damaged", details.cache_key);
    }
  }
  unavailable(build, results::BuildStatus::source_damaged,
              reason + ". Replace the tarball with the " + details.version + " release from python.org");
}

// Probes the interpreter and checks it is what the matrix asked for.
void probe_into(PreparedBuild& build, const config::BuildSpec& spec, Workspace& workspace) {
  auto probe = interpreter::probe_interpreter(workspace.runner, build.python, workspace.scripts_dir);
  if (!probe) {
    unavailable(build, results::BuildStatus::probe_failed, probe.error());
    return;
  }
  build.record.probe = *probe;
  if (spec.free_threaded && !probe->free_threaded)
    unavailable(build, results::BuildStatus::probe_failed,
                fmt::format("{} is not a free-threaded build (Py_GIL_DISABLED is 0) but the matrix declares "
                            "free-threaded = true",
                            build.python.string()));
  else
    refuse_other_version(build, workspace);
}

// Finds, downloads or compiles the interpreter; does not probe it yet.
PreparedBuild obtain_build(const config::BuildSpec& spec, Workspace& workspace) {
  PreparedBuild build;
  build.record.name = spec.name;
  if (spec.interpreter)
    from_interpreter(build, spec, workspace);
  else if (spec.version)
    from_release(build, spec, workspace);
  else
    from_git(build, spec, workspace);
  return build;
}

// Whether the interpreter itself failed to run (not a wrong variant, not Ctrl-C).
bool interpreter_does_not_run(const PreparedBuild& build) {
  return build.record.status == results::BuildStatus::probe_failed && !build.record.probe && !exec::interrupted();
}

// The line of a failure that says what is wrong ("ModuleNotFoundError: No
// module named 'encodings'"), for a one-line record; else its last line.
std::string telling_line(const std::string& text) {
  auto lines = split_lines(text);
  for (auto it = lines.rbegin(); it != lines.rend(); ++it)
    if (it->find("Error") != std::string::npos) return trim(*it);
  for (auto it = lines.rbegin(); it != lines.rend(); ++it)
    if (!trim(*it).empty()) return trim(*it);
  return trim(text);
}

// Obtains and probes a build. A cached build that passed the cache's checks
// but whose interpreter does not run (a stdlib file deleted, an emptied
// binary) is marked damaged, so `cache list` says so, and built again once.
PreparedBuild obtain_and_probe(const config::BuildSpec& spec, Workspace& workspace) {
  auto build = obtain_build(spec, workspace);
  if (!build.record.ok()) return build;
  probe_into(build, spec, workspace);
  const auto& details = build.record.details;
  if (!interpreter_does_not_run(build) || !details.reused_from_cache.value_or(false) || details.cache_key.empty())
    return build;
  cpython_build::BuildCache cache(workspace.cache_root);
  auto why = "its interpreter does not run: " + telling_line(build.record.reason);
  cache.mark_damaged(details.cache_key, why);
  if (build.record.origin == results::build_origin::cached_build) {
    build.record.reason += fmt::format(
        "; the cached build {} is marked damaged and no source is at hand to build it "
        "again: make the source available, or remove it (gilmatrix cache prune)",
        details.cache_key);
    return build;
  }
  auto rebuilt = obtain_build(spec, workspace);
  if (rebuilt.record.ok()) probe_into(rebuilt, spec, workspace);
  if (interpreter_does_not_run(rebuilt))
    rebuilt.record.reason += "; it was built again after the cached build failed the same way: see its build log";
  return rebuilt;
}

}  // namespace

PreparedBuild prepare_build(const config::BuildSpec& spec, Workspace& workspace) {
  return obtain_and_probe(spec, workspace);
}

std::size_t concurrent_builds(std::size_t builds, int cores) {
  return std::min(builds, static_cast<std::size_t>(std::max(2, cores / 4)));
}

std::vector<PreparedBuild> prepare_builds(const std::vector<config::BuildSpec>& specs, Workspace& workspace) {
  std::vector<PreparedBuild> builds(specs.size());
  // Builds are obtained several at a time, each compiling with make -j<cores>:
  // configure, extraction and parts of make and install use one core, so a
  // second build fills the cores the first leaves idle (bench/README.md has
  // the figures). Each build is then probed in its own thread.
  std::atomic<std::size_t> next{0};
  // An exception leaving a thread would abort the process (exit 134, no
  // message); the first one is carried to this thread and thrown after the
  // others have finished, so the one catch in cli/app.cpp reports it.
  std::mutex failure_mutex;
  std::exception_ptr failure;
  auto worker = [&] {
    try {
      for (auto i = next++; i < specs.size(); i = next++) {
        Terminal::instance().status(fmt::format("preparing build {} ...", specs[i].name));
        builds[i] = obtain_and_probe(specs[i], workspace);
      }
    } catch (...) {
      next = specs.size();
      std::lock_guard guard(failure_mutex);
      if (!failure) failure = std::current_exception();
    }
  };
  std::vector<std::thread> workers;
  for (std::size_t n = 0; n < concurrent_builds(specs.size(), workspace.build_jobs); ++n) workers.emplace_back(worker);
  for (auto& w : workers) w.join();
  if (failure) std::rethrow_exception(failure);
  return builds;
}

std::vector<PreparedBuild> prepare_builds(const config::Matrix& matrix, Workspace& workspace) {
  auto builds = prepare_builds(matrix.builds, workspace);
  auto& terminal = Terminal::instance();
  for (std::size_t i = 0; i < builds.size(); ++i) {
    const auto& spec = matrix.builds[i];
    const auto& record = builds[i].record;
    if (!record.ok()) {
      terminal.warning(fmt::format("build {}: {}: {}", spec.name, record.status, record.reason));
      continue;
    }
    std::string how = record.origin == "fallback interpreter" ? "prebuilt interpreter (source unavailable)"
                      : record.origin == results::build_origin::cached_build ? "cached build, source not rechecked"
                      : builds[i].built_now                                  ? "built from source"
                      : record.origin == "interpreter"                       ? "existing interpreter"
                                                                             : "from the build cache";
    terminal.line(fmt::format("build {}: Python {}{}, {}: {}", spec.name, record.probe->version,
                              record.probe->free_threaded ? " free-threaded" : "", how, record.python));
  }
  return builds;
}

}  // namespace gm::pipeline
