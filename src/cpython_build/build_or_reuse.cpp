#include "cpython_build/build_or_reuse.hpp"

#include <fmt/format.h>

#include "cpython_build/cpython_builder.hpp"
#include "exec/interrupt.hpp"
#include "util/disk_space.hpp"
#include "util/file_lock.hpp"
#include "util/json_record.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"
#include "util/terminal.hpp"

namespace gm::cpython_build {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> install_candidates() { return {"bin/python3", "bin/python"}; }

fs::path python_in(const fs::path& prefix) {
  for (const auto& candidate : install_candidates())
    if (fs::exists(prefix / candidate)) return prefix / candidate;
  return prefix / "bin/python3";
}

// failed/<key>.json: a build's own failure, given again without building
// (BuildRequest::reuse_failures).
struct FailureRecord {
  std::string step;
  std::string message;
  std::string log;
  std::string log_tail;
  std::string failed_at;  // UTC
};
GM_JSON_RECORD(FailureRecord, step, message, log, log_tail, failed_at)

BuildFailure failure_from(const BuildCache& cache, const std::string& key, const fs::path& log, std::string step,
                          std::string message, const std::string& log_error = "") {
  if (exec::interrupted())  // not the build's failure: nothing kept in failed-builds/, nothing to cite
    return {.key = key,
            .step = std::move(step),
            .message = message + "; nothing was kept, the next run builds it again",
            .interrupted = true};
  BuildFailure failure{
      .key = key, .step = std::move(step), .message = std::move(message), .log = cache.failure_log(key)};
  std::error_code ec;
  if (!fs::exists(log)) {
    failure.log.clear();  // it failed before anything was logged
  } else {
    fs::create_directories(failure.log.parent_path(), ec);
    if (!ec) fs::copy_file(log, failure.log, fs::copy_options::overwrite_existing, ec);
    if (ec) {
      // Not a log to cite (it may be empty or cut): say why instead.
      failure.message += "; the build log could not be kept (" + ec.message() + ")";
      fs::remove(failure.log, ec);
      failure.log.clear();
    }
  }
  failure.log_tail = tail_lines(read_text_file(failure.log.empty() ? log : failure.log).value_or(""), 20);
  // A full disk fails the build and leaves its log empty or cut: say so, not "see the log".
  if (auto full = disk_full(cache.root())) {
    failure.message += "; " + *full + ": free space and run again";
    failure.full_disk = true;
  }
  if (!log_error.empty()) failure.message += "; the build log is incomplete (" + log_error + ")";
  // The tool's own "error:" line says more than an exit code ("configure: error: unrecognized option").
  auto lines = split_lines(failure.log_tail);
  for (auto it = lines.rbegin(); it != lines.rend(); ++it)
    if (it->find("error:") != std::string::npos) {
      failure.message += " (" + trim(*it) + ")";
      break;
    }
  // The build's own failure, to be given again without building (BuildRequest::reuse_failures).
  if (failure.step != "source" && !failure.full_disk && log_error.empty()) {
    FailureRecord record{failure.step, failure.message, failure.log.string(), failure.log_tail, utc_timestamp_iso()};
    try {
      write_file_atomically(cache.failure_record(key), nlohmann::json(record).dump(2) + "\n");
    } catch (const std::exception&) {
      // Not kept: the next bisect builds it again, nothing worse.
    }
  }
  return failure;
}

// The failure recorded for `key` by an earlier build, if any.
std::optional<BuildFailure> remembered_failure(const BuildCache& cache, const std::string& key) {
  auto text = read_text_file(cache.failure_record(key));
  if (!text) return std::nullopt;
  FailureRecord record;
  try {
    record = nlohmann::json::parse(*text).get<FailureRecord>();
  } catch (const std::exception&) {
    return std::nullopt;  // damaged: build it again
  }
  if (record.step.empty() || record.message.empty()) return std::nullopt;
  BuildFailure failure{.key = key,
                       .step = record.step,
                       .message = record.message,
                       .log = record.log,
                       .log_tail = record.log_tail,
                       .remembered = record.failed_at.empty() ? "an earlier run" : record.failed_at};
  return failure;
}

// ccache costs a cold build 20-25% more CPU (bench/README.md) and pays off
// only when much of a source is compiled again: a git ref such as a nightly
// `main`, where most files are unchanged since the last commit built. A
// release tarball is compiled once per key, so it is built without ccache.
bool uses_ccache(const BuildRecipe& recipe) { return recipe.source_identity.starts_with("git:"); }

// A sanitised build keeps its source's ThreadSanitizer suppressions
// (Tools/tsan/*.txt: races CPython knows of and accepts) beside the install,
// where stress runs find them (tsan_suppressions_of).
void keep_tsan_suppressions(const fs::path& source, const fs::path& staging) {
  std::error_code ec;
  fs::create_directories(staging / "tsan", ec);
  for (const auto& entry : fs::directory_iterator(source / "Tools" / "tsan", ec))
    if (entry.path().extension() == ".txt") fs::copy_file(entry.path(), staging / "tsan" / entry.path().filename(), ec);
}

}  // namespace

std::optional<fs::path> tsan_suppressions_of(const fs::path& python) {
  // <entry>/install/bin/python3 -> <entry>/tsan/
  auto entry = python.parent_path().parent_path().parent_path();
  for (const char* name : {"suppressions_free_threading.txt", "suppressions.txt"}) {
    auto file = entry / "tsan" / name;
    std::error_code ec;
    if (fs::is_regular_file(file, ec)) return file;
  }
  return std::nullopt;
}

tl::expected<BuiltInterpreter, BuildFailure> build_or_reuse(exec::ProcessRunner& runner, const BuildCache& cache,
                                                            const BuildRequest& request) {
  const std::string key = cache_key(request.recipe);
  auto& terminal = Terminal::instance();
  FileLock lock(cache.lock_file(key), [&] {
    terminal.line(
        fmt::format("build {}: another gilmatrix is building {}; waiting to reuse it", request.recipe.label, key));
  });
  std::string repaired;
  if (auto damage = cache.set_aside_if_damaged(key)) {
    repaired = *damage;
    terminal.warning(
        fmt::format("build {}: the cached build {} was damaged ({}); it was moved aside and is built again",
                    request.recipe.label, key, *damage));
  }
  if (auto entry = cache.find(key)) {
    cache.mark_used(key);
    return BuiltInterpreter{key, true, "", python_in(cache.install_prefix(key)), entry->metadata};
  }
  if (request.reuse_failures)
    if (auto failure = remembered_failure(cache, key)) {
      terminal.line(fmt::format("build {}: failed in {} at {}; not built again", request.recipe.label, failure->step,
                                failure->remembered));
      return tl::unexpected(*failure);
    }

  cache.clean_leftovers(key);
  auto staging = cache.staging_dir(key);
  auto work = cache.work_dir(key);
  auto log = staging / "build.log";
  fs::create_directories(staging);
  fs::create_directories(work);
  auto cleanup = [&] {
    std::error_code ec;
    fs::remove_all(work, ec);
    fs::remove_all(staging, ec);
  };

  terminal.line(fmt::format("build {}: not in the cache; building as {}", request.recipe.label, key));
  auto source = request.prepare_source(work);
  if (!source) {
    auto failure = failure_from(cache, key, log, "source", source.error());
    cleanup();
    return tl::unexpected(failure);
  }
  CompileRequest compile{*source,
                         cache.install_prefix(key),
                         staging / "destdir",
                         configure_arguments(request.recipe),
                         request.c_compiler,
                         uses_ccache(request.recipe),
                         request.jobs,
                         log,
                         staging / "tmp",
                         request.verbose,
                         request.recipe.label,
                         uses_ccache(request.recipe) ? request.configure_caches : std::nullopt};
  auto report = compile_cpython(runner, compile);
  if (!report.ok) {
    auto failure = failure_from(cache, key, log, report.failed_step,
                                fmt::format("{} {}", report.failed_step, report.failure), report.log_error);
    cleanup();
    return tl::unexpected(failure);
  }

  // make install DESTDIR=D put the tree at D/<prefix>; move it to staging/install.
  auto staged_install = staging / "destdir" / cache.install_prefix(key).relative_path();
  std::error_code moved;
  fs::rename(staged_install, staging / "install", moved);
  if (moved) {
    auto failure = failure_from(cache, key, log, "install",
                                fmt::format("install: `make install` put nothing at {} ({}); was the prefix changed?",
                                            staged_install.string(), moved.message()));
    cleanup();
    return tl::unexpected(failure);
  }
  fs::remove_all(staging / "destdir");
  fs::remove_all(staging / "tmp");
  if (request.recipe.thread_sanitizer) keep_tsan_suppressions(*source, staging);
  BuildMetadata metadata{key,
                         request.recipe.label,
                         kBuildRecipeVersion,
                         request.source,
                         request.recipe.source_identity,
                         request.recipe.free_threaded,
                         configure_arguments(request.recipe),
                         request.recipe.compiler_identity,
                         report.used_ccache,
                         request.jobs,
                         {report.configure_seconds, report.make_seconds, report.install_seconds},
                         report.modules.missing,
                         report.modules.failed_on_import,
                         utc_timestamp_iso()};
  write_file_atomically(staging / "build.json", nlohmann::json(metadata).dump(2) + "\n");
  cache.publish(key, staging);
  cache.mark_used(key);
  std::error_code ec;
  fs::remove(cache.failure_record(key), ec);  // it builds now
  fs::remove_all(work, ec);
  return BuiltInterpreter{key, false, repaired, python_in(cache.install_prefix(key)), metadata};
}

}  // namespace gm::cpython_build
