#include "interpreter/package_environment.hpp"

#include <cstdio>
#include <fstream>
#include <regex>

#include <fmt/format.h>

#include "exec/interrupt.hpp"
#include "harness/script_run.hpp"
#include "harness/scripts.hpp"
#include "interpreter/pip_failure.hpp"
#include "interpreter/python_environment.hpp"
#include "util/cache_inventory.hpp"
#include "util/cache_layout.hpp"
#include "util/disk_space.hpp"
#include "util/file_lock.hpp"
#include "util/hash.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"
#include "util/terminal.hpp"

namespace gm::interpreter {
namespace fs = std::filesystem;

namespace {

constexpr int kEnvironmentRecipeVersion = 2;  // 2: pip with its own wheel cache per build, no user config
constexpr const char* kCompleteMarker = "gilmatrix-environment.json";

// Content of a local requirement, so editing a fixture or a maintainer's
// checkout invalidates the environment.
std::string local_content_hash(const fs::path& path) {
  if (fs::is_regular_file(path)) return sha256_file(path).value_or("unreadable");
  Sha256 hash;
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(path, ec); it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    auto name = it->path().filename().string();
    if (it->is_directory() && (name == ".git" || name == "build" || name.ends_with(".egg-info"))) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    hash.update(fs::relative(file, path).string());
    hash.update(sha256_file(file).value_or(""));
  }
  return hash.hex_digest();
}

std::string environment_key(const EnvironmentRequest& request, const std::vector<fs::path>& sdists) {
  Sha256 hash;
  hash.update(fmt::format("recipe={}\npython={}\nversion={}\nbuild={}\n", kEnvironmentRecipeVersion,
                          fs::weakly_canonical(request.base_python).string(), request.base_version,
                          request.build_identity));
  for (const auto& r : request.packages.requirements) {
    hash.update("requirement=" + r + "\n");
    if (written_as_path(r)) hash.update(local_content_hash(r) + "\n");
  }
  hash.update("index=" + request.packages.index_url.value_or("") + "\n");
  for (const auto& link : request.packages.find_links) hash.update("find-links=" + link + "\n");
  for (const auto& folder : sdists) hash.update("sdists=" + folder.string() + ":" + local_content_hash(folder) + "\n");
  // --offline changes pip's options only where no mirror serves the set alone.
  if (request.offline && (sdists.empty() || request.packages.index_url)) hash.update("offline\n");
  return request.packages.name + "-" + hash.hex_digest().substr(0, 16);
}

// The variables pip runs with, as NAME=value. PIP_CACHE_DIR (not
// --cache-dir) also reaches the pip that build isolation starts for build
// dependencies; PIP_CONFIG_FILE=/dev/null makes pip read no pip.conf.
std::vector<std::string> pip_settings(const EnvironmentRequest& request) {
  auto wheel_cache = CacheLayout(request.cache_root).pip_caches() /
                     (request.build_identity.empty() ? "unknown" : request.build_identity);
  return {"PIP_CACHE_DIR=" + wheel_cache.string(), "PIP_CONFIG_FILE=/dev/null", "PIP_DISABLE_PIP_VERSION_CHECK=1",
          "PIP_NO_INPUT=1"};
}

exec::ProcessResult run_logged(exec::ProcessRunner& runner, std::vector<std::string> argv, const fs::path& log,
                               bool verbose, std::chrono::milliseconds timeout,
                               const std::vector<std::string>& settings = {}, const fs::path& temporary = {}) {
  exec::ProcessSpec spec;
  spec.argv = std::move(argv);
  spec.env = python_environment();
  for (const auto& setting : settings) {
    auto equals = setting.find('=');
    spec.env.set(setting.substr(0, equals), setting.substr(equals + 1));
  }
  if (!temporary.empty()) {
    fs::create_directories(temporary);
    spec.env.set("TMPDIR", temporary.string());
  }
  spec.timeout = timeout;
  spec.log_file = log;
  spec.output_cap = 256 * 1024;
  if (verbose) spec.on_output = [](std::string_view chunk) { std::fwrite(chunk.data(), 1, chunk.size(), stderr); };
  std::ofstream(log, std::ios::app) << "$ " << shell_join(spec.argv) << "\n";
  return runner.run(spec);
}

// Why pip failed, from its whole log (the captured output is capped), and the lines around it.
PipFailure explain_failure(const exec::ProcessResult& result, const fs::path& log) {
  if (result.outcome != exec::ProcessResult::Outcome::exited) {
    auto tail = trim(tail_lines(result.out + "\n" + result.err, 12));
    return {"pip " + result.describe(), tail, false};
  }
  auto failure = explain_pip_failure(read_text_file(log).value_or(result.out + "\n" + result.err));
  if (failure.cause.empty()) failure.cause = "pip " + result.describe();
  return failure;
}

std::string failure_detail(const exec::ProcessResult& result, const fs::path& log) {
  auto failure = explain_failure(result, log);
  return failure.cause + (failure.excerpt.empty() ? "" : "\n" + failure.excerpt);
}

std::string safe_file_name(const std::string& text) {
  std::string out;
  for (char c : text) out += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ? c : '_';
  return out.substr(0, 60);
}

// A local requirement is a package's source tree; a larger one is a mistake
// (a home directory, a data folder) and copying it would fill the cache's disk.
constexpr std::uintmax_t kLargestLocalRequirement = std::uintmax_t{1} << 30;

// `from` copied to `to` without following a symbolic link: links are copied as
// links (`loop -> .` or `docs -> /usr/share/doc` cost nothing), and more than
// kLargestLocalRequirement bytes of files is refused.
void copy_tree_keeping_links(const fs::path& from, const fs::path& to) {
  std::uintmax_t copied = 0;
  fs::create_directories(to);
  for (auto it = fs::recursive_directory_iterator(from); it != fs::recursive_directory_iterator(); ++it) {
    auto target = to / it->path().lexically_relative(from);  // fs::relative would resolve the link
    if (it->is_symlink()) {
      fs::copy_symlink(it->path(), target);
    } else if (it->is_directory()) {
      fs::create_directory(target);
    } else if (it->is_regular_file()) {
      copied += it->file_size();
      if (copied > kLargestLocalRequirement)
        throw UsageError(
            fmt::format("local requirement {} holds more than {} MiB of files, more than gilmatrix "
                        "copies to build a package: name the package's source folder, or build an "
                        "sdist (python -m build --sdist) and give its path",
                        from.string(), kLargestLocalRequirement >> 20));
      fs::copy_file(it->path(), target);
    }  // sockets, FIFOs and devices are no part of a package's source
  }
}

// Local directories are copied first: pip builds in the source tree and would
// leave build/ and *.egg-info behind in the user's checkout. The copy is made
// writable, so a read-only checkout (or one owned by someone else) builds too.
std::string staged_requirement(const std::string& requirement, const fs::path& staging) {
  if (!written_as_path(requirement) || !fs::is_directory(requirement)) return requirement;
  auto copy = staging / fs::path(requirement).filename();
  fs::remove_all(copy);
  copy_tree_keeping_links(requirement, copy);
  fs::permissions(copy, fs::perms::owner_write, fs::perm_options::add);
  for (const auto& entry : fs::recursive_directory_iterator(copy))
    if (!entry.is_symlink()) fs::permissions(entry.path(), fs::perms::owner_write, fs::perm_options::add);
  return copy.string();
}

Expected<std::vector<InstalledDistribution>> list_distributions(exec::ProcessRunner& runner,
                                                                const PackageEnvironment& env,
                                                                const fs::path& scripts_dir) {
  TempDir scratch("gilmatrix-list");
  auto output = scratch.path() / "extensions.json";
  exec::ProcessSpec spec;
  spec.argv = {env.python.string(), harness::script_path(scripts_dir, "list_extensions.py").string(), output.string()};
  spec.env = python_environment();
  spec.timeout = std::chrono::seconds(120);
  auto run = harness::run_script(runner, spec, output);
  if (!run.ok()) return fail("could not list installed distributions: " + run.describe(5));
  return harness::parse_extension_listing(run.output);
}

std::string install_line(const PackageEnvironment& env, const RequirementInstall& install) {
  if (install.ok) return fmt::format("environment {}: {} installed", env.key, install.requirement);
  return fmt::format("environment {}: {} install failed: {} (log: {})", env.key, install.requirement, install.cause,
                     install.log.string());
}

// The completion marker: what pip was told and how each install went.
std::string environment_record(const PackageEnvironment& env) {
  nlohmann::json record = nlohmann::json::object();
  json_write_members(record, env);
  return record.dump(2);
}

void read_environment_record(const nlohmann::json& j, PackageEnvironment& env) {
  if (!j.contains("installs")) throw std::runtime_error("no `installs`");
  json_read_members(j, env);
  // Environments recorded before causes were: read it from the log they kept.
  for (auto& install : env.installs)
    if (!install.ok && install.cause.empty())
      if (auto log = read_text_file(install.log)) {
        auto failure = explain_pip_failure(*log);
        install.cause = failure.cause;
        install.detail = failure.excerpt;
      }
}

// Why the environment's bin/python is not the build's interpreter, if it is
// not: a dangling link, or a link to another interpreter (its packages would
// then be missing from every cell).
std::optional<std::string> foreign_interpreter(const PackageEnvironment& env, const fs::path& base_python) {
  std::error_code ec;
  auto resolved = fs::canonical(env.python, ec);
  if (ec) return fmt::format("its bin/python does not lead to an interpreter ({})", ec.message());
  auto expected = fs::canonical(base_python, ec);
  if (!ec && resolved != expected)
    return fmt::format("its bin/python is {}, not the build's interpreter {}", resolved.string(), expected.string());
  return std::nullopt;
}

// Reads the record of a complete environment into `env`. Otherwise says why
// it cannot be reused: empty when there is no finished environment (none yet,
// or an interrupted one), else what is wrong with the one there.
Expected<void> complete_environment(PackageEnvironment& env, const fs::path& base_python) {
  auto marker = read_text_file(env.dir / kCompleteMarker);
  if (!marker) return fail("");
  if (auto foreign = foreign_interpreter(env, base_python)) return fail(*foreign);
  try {
    read_environment_record(nlohmann::json::parse(*marker), env);
    return {};
  } catch (const std::exception& e) {
    return fail(fmt::format("its record {} is damaged ({})", kCompleteMarker, e.what()));
  }
}

// A venv of the build's interpreter, made afresh in env.dir (whatever was there is removed).
Expected<void> create_venv(exec::ProcessRunner& runner, const PackageEnvironment& env,
                           const EnvironmentRequest& request, const fs::path& temporary) {
  fs::remove_all(env.dir);
  fs::create_directories(env.dir / "logs");
  Terminal::instance().line(fmt::format("environment {}: creating with {}", env.key, request.base_python.string()));
  auto created = run_logged(runner, {request.base_python.string(), "-m", "venv", env.dir.string()},
                            env.dir / "logs" / "venv.log", request.verbose, std::chrono::minutes(5), {}, temporary);
  if (!created.ok())
    return fail(fmt::format("python -m venv {}: {}", created.describe(), trim(tail_lines(created.err, 5))));
  return {};
}

bool install_interrupted(const exec::ProcessResult& result) {
  return result.outcome == exec::ProcessResult::Outcome::interrupted || exec::interrupted();
}

// An install that Ctrl-C (or a signal) cut short may have left anything
// behind: the environment is deleted, never cached, so the next run starts it afresh.
Unexpected discard_interrupted_environment(const PackageEnvironment& env) {
  std::error_code ec;
  fs::remove_all(env.dir, ec);
  return fail("interrupted before every requirement was installed; nothing was kept");
}

// `pip install` of one requirement into the environment, with the set's
// options and settings, its output logged.
class PipInstaller {
 public:
  PipInstaller(exec::ProcessRunner& runner, const PackageEnvironment& env, const EnvironmentRequest& request,
               const PipOptions& options, fs::path temporary)
      : runner_(runner), env_(env), request_(request), options_(options), temporary_(std::move(temporary)) {}

  exec::ProcessResult install(const std::string& requirement, const fs::path& log) const {
    std::vector<std::string> argv{env_.python.string(), "-m", "pip", "install"};
    argv.insert(argv.end(), options_.arguments.begin(), options_.arguments.end());
    argv.push_back(requirement);
    return run_logged(runner_, argv, log, request_.verbose, request_.install_timeout, options_.settings, temporary_);
  }

 private:
  exec::ProcessRunner& runner_;
  const PackageEnvironment& env_;
  const EnvironmentRequest& request_;
  const PipOptions& options_;
  fs::path temporary_;
};

fs::path install_log(const PackageEnvironment& env, int index, const std::string& requirement) {
  return env.dir / "logs" / fmt::format("{}-{}.log", index, safe_file_name(fs::path(requirement).filename().string()));
}

// A full disk is no failure of the package: never cached as one (no marker), the run stops.
void stop_if_out_of_space(const PackageEnvironment& env, const RequirementInstall& install, bool pip_said_so,
                          const fs::path& temporary) {
  auto full = disk_full(env.dir);
  if (!pip_said_so && !full) return;
  std::error_code ec;
  fs::remove_all(temporary, ec);
  throw InfraError(
      fmt::format("environment {}: pip install {} ran out of space: {}; free space, then run again "
                  "(pip's log: {})",
                  env.key, install.requirement, full.value_or("the disk holding " + env.dir.string() + " is full"),
                  install.log.string()));
}

// Each requirement on its own, so one failure does not stop the rest. True
// when every outcome is final (a timed-out install may pass with a longer
// install-timeout: not cached as failed); an error when interrupted.
Expected<bool> install_requirements(const PipInstaller& pip, PackageEnvironment& env, const EnvironmentRequest& request,
                                    const fs::path& temporary) {
  auto& terminal = Terminal::instance();
  // Copies of local requirements live with the environment's other scratch,
  // so a killed run leaves nothing in /tmp (the unfinished environment is
  // removed by the next run).
  TempDir staging(temporary, "src");
  int index = 0;
  bool final = true;
  for (const auto& requirement : request.packages.requirements) {
    RequirementInstall install{requirement, false, "", "", install_log(env, ++index, requirement)};
    terminal.status(fmt::format("environment {}: pip install {}", env.key, requirement));
    auto result = pip.install(staged_requirement(requirement, staging.path()), install.log);
    if (install_interrupted(result)) return discard_interrupted_environment(env);
    install.ok = result.ok();
    if (!install.ok) {
      auto failure = explain_failure(result, install.log);
      install.cause = failure.cause;
      install.detail = failure.excerpt;
      stop_if_out_of_space(env, install, failure.out_of_space, temporary);
    }
    if (result.outcome == exec::ProcessResult::Outcome::timed_out) final = false;
    terminal.line(install_line(env, install));
    env.installs.push_back(install);
  }
  return final;
}

// A new environment: venv, the build backend when pip may not fetch one, each
// requirement, then the marker that makes it reusable.
Expected<void> make_environment(exec::ProcessRunner& runner, PackageEnvironment& env, const EnvironmentRequest& request,
                                const PipOptions& options) {
  auto& terminal = Terminal::instance();
  // Every temporary file of venv and pip lives here: a job killed on
  // Ctrl-C or timeout cannot clean up after itself, so gilmatrix does.
  const auto temporary = env.dir / "tmp";
  if (auto created = create_venv(runner, env, request, temporary); !created) return created;
  env.pip_options = options.recorded();
  PipInstaller pip(runner, env, request, options, temporary);
  if (options.from_mirror) {
    // Without build isolation the build backend must already be in the venv.
    auto setuptools_log = env.dir / "logs" / "0-setuptools.log";
    auto result = pip.install("setuptools", setuptools_log);
    if (install_interrupted(result)) return discard_interrupted_environment(env);
    if (!result.ok())
      terminal.warning("could not install setuptools from the mirror: " + failure_detail(result, setuptools_log));
  }
  auto final = install_requirements(pip, env, request, temporary);
  if (!final) return fail(final.error());
  std::error_code ec;
  fs::remove_all(temporary, ec);
  if (*final)
    write_file_atomically(env.dir / kCompleteMarker, environment_record(env));
  else
    terminal.warning(fmt::format("environment {}: not cached, an install timed out (install-timeout)", env.key));
  return {};
}

}  // namespace

std::vector<std::string> PipOptions::recorded() const {
  auto all = settings;
  all.insert(all.end(), arguments.begin(), arguments.end());
  return all;
}

std::vector<fs::path> sdist_folders(const std::vector<fs::path>& mirrors) {
  std::vector<fs::path> folders;
  for (const auto& mirror : mirrors)
    if (fs::is_directory(mirror / "sdists")) folders.push_back(mirror / "sdists");
  return folders;
}

PipOptions pip_options(const EnvironmentRequest& request, const std::vector<fs::path>& sdists) {
  PipOptions options;
  options.settings = pip_settings(request);
  // From the mirror when it has sdists and no index is named (or --offline):
  // deterministic, and the only way here. --offline never lets pip reach an index.
  options.from_mirror = !sdists.empty() && (!request.packages.index_url || request.offline);
  auto& arguments = options.arguments;
  if (options.from_mirror || request.offline) arguments = {"--no-index"};
  if (options.from_mirror) {
    arguments.push_back("--no-build-isolation");
    for (const auto& folder : sdists) {
      arguments.push_back("--find-links");
      arguments.push_back(folder.string());
    }
  }
  if (request.packages.index_url && !request.offline) {
    arguments.push_back("--index-url");
    arguments.push_back(*request.packages.index_url);
  }
  for (const auto& link : request.packages.find_links) {
    arguments.push_back("--find-links");
    arguments.push_back(link);
  }
  return options;
}

PackageEnvironment ensure_package_environment(exec::ProcessRunner& runner, const EnvironmentRequest& request) {
  auto& terminal = Terminal::instance();
  const auto sdists = sdist_folders(request.mirrors);
  PackageEnvironment env;
  env.key = environment_key(request, sdists);
  env.dir = CacheLayout(request.cache_root).environments() / env.key;
  env.python = env.dir / "bin" / "python";
  FileLock lock(CacheLayout(request.cache_root).environment_lock(env.key), [&] {
    terminal.line(fmt::format("environment {}: another gilmatrix is preparing it; waiting", env.key));
  });

  if (auto complete = complete_environment(env, request.base_python)) {
    env.reused = true;
    touch_cache_entry(env.dir);  // `cache prune --older-than` keeps what is in use
    for (const auto& install : env.installs)
      if (!install.ok) terminal.line(install_line(env, install));
  } else {
    // Not complete (an interrupted run) or damaged: made afresh.
    if (!complete.error().empty())
      terminal.warning(fmt::format("environment {}: made again: {}", env.key, complete.error()));
    env.installs.clear();
    env.pip_options.clear();
    if (auto made = make_environment(runner, env, request, pip_options(request, sdists)); !made) {
      env.error = made.error();
      return env;
    }
  }
  if (auto listed = list_distributions(runner, env, request.scripts_dir))
    env.distributions = std::move(*listed);
  else
    env.error = listed.error();
  return env;
}

}  // namespace gm::interpreter
