#include "cpython_build/cpython_builder.hpp"

#include <chrono>
#include <cstdio>

#include <fmt/format.h>

#include "cpython_build/toolchain_check.hpp"
#include "util/duration.hpp"
#include "util/hash.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"
#include "util/terminal.hpp"

namespace gm::cpython_build {
namespace {

std::optional<std::string> unrecognized_configure_options(const std::string& log) {
  static const std::string marker = "WARNING: unrecognized options: ";
  auto at = log.find(marker);
  if (at == std::string::npos) return std::nullopt;
  auto end = log.find('\n', at);
  return trim(log.substr(at + marker.size(), end == std::string::npos ? std::string::npos : end - at - marker.size()));
}

std::string cc_without_ccache(const std::string& cc) { return cc.starts_with("ccache ") ? cc.substr(7) : cc; }

// The shared autoconf cache for this configure script, its arguments and the
// compiler: a commit that does not touch `configure` reuses every answer of
// the one before (on 2 cores configure was 80 s of a 140 s ccache rebuild).
std::optional<fs::path> configure_cache_file(const CompileRequest& request, const std::string& cc) {
  if (!request.configure_caches) return std::nullopt;
  auto script = read_text_file(request.source_dir / "configure");
  if (!script) return std::nullopt;
  Sha256 hash;
  hash.update(*script);
  for (const auto& arg : request.configure_args) hash.update("\n" + arg);
  hash.update("\ncc=" + cc_without_ccache(cc));
  std::error_code ec;
  fs::create_directories(*request.configure_caches, ec);
  return *request.configure_caches / (hash.hex_digest().substr(0, 16) + ".cache");
}

struct Step {
  std::string name;
  std::vector<std::string> argv;
  double* seconds;
};

}  // namespace

CompileReport compile_cpython(exec::ProcessRunner& runner, const CompileRequest& request) {
  CompileReport report;
  auto& terminal = Terminal::instance();
  auto env = exec::Environment::minimal_from_parent();
  std::string cc = request.c_compiler.empty() ? "gcc" : request.c_compiler;
  // CPython compiles with -g, for which ccache by default hashes the working
  // directory; every build has a work directory of its own, so without
  // CCACHE_NOHASHDIR a rebuild would never hit (the objects' debug info names
  // a deleted directory either way).
  if (request.ccache && !env.get("CCACHE_DISABLE") &&
      find_executable("ccache", search_path(env.get("PATH").value_or("")))) {
    cc = "ccache " + cc;
    env.set("CCACHE_NOHASHDIR", "1");
    report.used_ccache = true;
  }
  env.set("CC", cc);
  // gcc's temporary files (cc*.s, cc*.o) go where the build's staging is, so
  // an interrupted or killed build leaves none in /tmp: the staging directory
  // is removed with them, by this run or the next.
  if (!request.temporary_dir.empty()) {
    std::error_code ec;
    fs::create_directories(request.temporary_dir, ec);
    env.set("TMPDIR", request.temporary_dir.string());
  }

  if (auto missing = missing_toolchain(runner, request.configure_args, request.source_dir, cc_without_ccache(cc))) {
    report.failed_step = "configure";
    report.failure = *missing;
    return report;
  }

  std::vector<std::string> configure{"./configure", "--prefix=" + request.prefix.string()};
  configure.insert(configure.end(), request.configure_args.begin(), request.configure_args.end());
  const auto shared_cache = configure_cache_file(request, cc);
  if (shared_cache) {
    std::error_code ec;
    fs::copy_file(*shared_cache, request.source_dir / "config.cache", fs::copy_options::overwrite_existing, ec);
    configure.emplace_back("--cache-file=config.cache");
  }
  std::vector<Step> steps{
      {"configure", configure, &report.configure_seconds},
      {"make", {"make", fmt::format("-j{}", request.jobs)}, &report.make_seconds},
      {"make install", {"make", "install", "DESTDIR=" + request.destdir.string()}, &report.install_seconds},
  };

  for (const auto& step : steps) {
    terminal.line(fmt::format("build {}: {} ...", request.label, shell_join(step.argv)));
    auto started = std::chrono::steady_clock::now();
    std::string last_line;
    exec::ProcessSpec spec;
    spec.argv = step.argv;
    spec.env = env;
    spec.working_directory = request.source_dir;
    spec.log_file = request.log_file;
    spec.output_cap = 1 << 16;  // everything is in the log file
    spec.on_output = [&](std::string_view chunk) {
      if (request.verbose) std::fwrite(chunk.data(), 1, chunk.size(), stderr);
      auto lines = split_lines(chunk);
      if (!lines.empty()) last_line = lines.back().substr(0, 60);
      auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
      if (!request.verbose)
        terminal.status(
            fmt::format("build {}: {} {} | {}", request.label, step.name, format_duration(elapsed), last_line));
    };
    auto result = runner.run(spec);
    *step.seconds = result.wall_seconds;
    if (report.log_error.empty()) report.log_error = result.log_error;
    if (!result.ok()) {
      report.failed_step = step.name;
      report.failure = result.describe();
      return report;
    }
    if (step.name == "configure") {
      // autoconf only warns about options it does not know; a typo would then
      // silently build something other than what the matrix asked for.
      if (auto unknown = unrecognized_configure_options(read_text_file(request.log_file).value_or(""))) {
        report.failed_step = step.name;
        report.failure = fmt::format("does not recognise {} (a typo?); fix `configure` in the matrix", *unknown);
        return report;
      }
    }
    if (step.name == "configure" && shared_cache)
      if (auto cached = read_text_file(request.source_dir / "config.cache"))
        write_file_atomically(*shared_cache, *cached);
    terminal.line(fmt::format("build {}: {} done in {}", request.label, step.name,
                              format_duration(std::chrono::duration<double>(result.wall_seconds))));
  }
  // `make` ends with CPython's own check of which optional modules it built.
  report.modules = parse_module_check(read_text_file(request.log_file).value_or(""));
  report.ok = true;
  return report;
}

}  // namespace gm::cpython_build
