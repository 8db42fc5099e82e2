#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "fake_process_runner.hpp"
#include "interpreter/package_environment.hpp"

namespace fs = std::filesystem;
using gm::exec::ProcessResult;
using gm::exec::ProcessSpec;
using gm::interpreter::EnvironmentRequest;

namespace {

struct EnvironmentScratch {
  fs::path dir = fs::temp_directory_path() / ("gilmatrix-environment-test-" + std::to_string(::getpid()));
  fs::path base_python = dir / "python3";
  EnvironmentScratch() {
    fs::create_directories(dir);
    std::ofstream(base_python) << "not run: the process runner is a fake\n";
  }
  ~EnvironmentScratch() { fs::remove_all(dir); }
};

// What each pip install answers, by requirement; exit 0 where not said.
using PipAnswers = std::map<std::string, ProcessResult>;

bool is_pip_install(const ProcessSpec& spec) {
  return spec.argv.size() > 3 && spec.argv[1] == "-m" && spec.argv[2] == "pip" && spec.argv[3] == "install";
}

// Plays `python -m venv` (bin/python, a link to the base interpreter), pip
// (the answers; a failure logs pip's error line), and list_extensions.py (one
// distribution with one module).
test_exec::FakeProcessRunner fake_python(const fs::path& base_python, PipAnswers answers = {}) {
  return test_exec::FakeProcessRunner([base_python, answers](const ProcessSpec& spec) {
    const auto& argv = spec.argv;
    if (argv.size() > 3 && argv[1] == "-m" && argv[2] == "venv") {
      fs::create_directories(fs::path(argv[3]) / "bin");
      fs::create_symlink(base_python, fs::path(argv[3]) / "bin" / "python");
      return test_exec::exited();
    }
    if (is_pip_install(spec)) {
      auto answer = answers.find(argv.back());
      if (answer == answers.end()) return test_exec::exited();
      if (answer->second.outcome == ProcessResult::Outcome::exited)
        std::ofstream(spec.log_file.value(), std::ios::app)
            << "ERROR: No matching distribution found for " << argv.back() << "\n";
      return answer->second;
    }
    if (argv.size() > 2 && argv[1].ends_with("list_extensions.py")) {
      std::ofstream(argv[2]) << R"({"distributions": [{"name": "alpha", "version": "1.0",
                                   "modules": [{"module": "alpha._speedups", "file": "/x/_speedups.so"}]}]})";
      return test_exec::exited();
    }
    FAIL("unexpected command: " << argv.front());
    return test_exec::exited(1);
  });
}

ProcessResult ended(ProcessResult::Outcome outcome) {
  ProcessResult result;
  result.outcome = outcome;
  result.exit_code = -1;
  return result;
}

struct EnvironmentCase {
  EnvironmentScratch scratch;
  gm::config::PackageSet packages{"set", {"alpha", "beta"}, std::nullopt, {}, {}};
  std::vector<fs::path> mirrors;
  bool offline = false;

  EnvironmentRequest request() const {
    return EnvironmentRequest{scratch.base_python,
                              "3.14.0",
                              packages,
                              mirrors,
                              scratch.dir / "cache",
                              scratch.dir / "scripts",
                              "3.14t-abc",
                              std::chrono::minutes(1),
                              false,
                              offline};
  }
  gm::interpreter::PackageEnvironment ensure(gm::exec::ProcessRunner& runner) const {
    return gm::interpreter::ensure_package_environment(runner, request());
  }
};

int count_venvs(const test_exec::FakeProcessRunner& runner) {
  return static_cast<int>(std::count_if(runner.calls.begin(), runner.calls.end(), [](const ProcessSpec& spec) {
    return spec.argv.size() > 2 && spec.argv[2] == "venv";
  }));
}

}  // namespace

TEST_CASE("package environment: an interrupted install keeps nothing, and the next run makes it afresh",
          "[interpreter][package_environment]") {
  EnvironmentCase c;
  auto interrupted = fake_python(c.scratch.base_python, {{"beta", ended(ProcessResult::Outcome::interrupted)}});
  auto env = c.ensure(interrupted);
  CHECK_FALSE(env.usable());
  CHECK(env.error == "interrupted before every requirement was installed; nothing was kept");
  CHECK_FALSE(fs::exists(env.dir));
  // Nothing is listed from an environment that is gone, and nothing installed after the interruption.
  CHECK(interrupted.calls.back().argv.back() == "beta");

  auto fresh = fake_python(c.scratch.base_python);
  auto again = c.ensure(fresh);
  CHECK(again.usable());
  CHECK_FALSE(again.reused);
  CHECK(count_venvs(fresh) == 1);
  REQUIRE(again.installs.size() == 2);
  CHECK(again.installs[1].ok);
  CHECK(fs::exists(again.dir / "gilmatrix-environment.json"));
}

TEST_CASE("package environment: a complete environment is reused without venv or pip, its failed installs kept",
          "[interpreter][package_environment]") {
  EnvironmentCase c;
  auto first_runner = fake_python(c.scratch.base_python, {{"beta", test_exec::exited(1)}});
  auto first = c.ensure(first_runner);
  REQUIRE(first.usable());
  REQUIRE(first.installs.size() == 2);
  CHECK(first.installs[0].ok);
  CHECK_FALSE(first.installs[1].ok);
  CHECK(first.installs[1].cause == "ERROR: No matching distribution found for beta");
  REQUIRE(first.distributions.size() == 1);
  CHECK(first.distributions[0].modules.at(0).module == "alpha._speedups");

  auto second_runner = fake_python(c.scratch.base_python);
  auto second = c.ensure(second_runner);
  CHECK(second.reused);
  CHECK(second.key == first.key);
  REQUIRE(second_runner.calls.size() == 1);  // only the listing of its modules
  CHECK(second_runner.calls[0].argv[1].ends_with("list_extensions.py"));
  REQUIRE(second.installs.size() == 2);
  CHECK_FALSE(second.installs[1].ok);
  CHECK(second.installs[1].cause == first.installs[1].cause);
  CHECK(second.pip_options == first.pip_options);
}

TEST_CASE("package environment: one that had an install time out is not cached", "[interpreter][package_environment]") {
  EnvironmentCase c;
  auto timing_out = fake_python(c.scratch.base_python, {{"alpha", ended(ProcessResult::Outcome::timed_out)}});
  auto env = c.ensure(timing_out);
  CHECK(env.usable());
  REQUIRE(env.installs.size() == 2);
  CHECK_FALSE(env.installs[0].ok);
  CHECK(env.installs[1].ok);
  CHECK_FALSE(fs::exists(env.dir / "gilmatrix-environment.json"));
  auto next = fake_python(c.scratch.base_python);
  CHECK_FALSE(c.ensure(next).reused);
  CHECK(count_venvs(next) == 1);
}

TEST_CASE("package environment: from a mirror, setuptools goes in first and every install is offline",
          "[interpreter][package_environment]") {
  EnvironmentCase c;
  fs::create_directories(c.scratch.dir / "mirror" / "sdists");
  c.mirrors = {c.scratch.dir / "mirror"};
  auto runner = fake_python(c.scratch.base_python);
  auto env = c.ensure(runner);
  REQUIRE(env.usable());
  std::vector<std::string> installed;
  for (const auto& call : runner.calls)
    if (is_pip_install(call)) {
      installed.push_back(call.argv.back());
      CHECK(test_exec::argument_of(call.argv, "--find-links") == (c.scratch.dir / "mirror" / "sdists").string());
      CHECK(std::count(call.argv.begin(), call.argv.end(), "--no-index") == 1);
    }
  CHECK(installed == std::vector<std::string>{"setuptools", "alpha", "beta"});
}

TEST_CASE("pip options: no mirror and no index: pip's defaults, with gilmatrix's cache and no user config",
          "[interpreter][pip_options]") {
  EnvironmentCase c;
  auto options = gm::interpreter::pip_options(c.request(), {});
  CHECK_FALSE(options.from_mirror);
  CHECK(options.arguments.empty());
  CHECK(options.settings ==
        std::vector<std::string>{"PIP_CACHE_DIR=" + (c.scratch.dir / "cache" / "pip" / "3.14t-abc").string(),
                                 "PIP_CONFIG_FILE=/dev/null", "PIP_DISABLE_PIP_VERSION_CHECK=1", "PIP_NO_INPUT=1"});
  CHECK(options.recorded() == options.settings);
}

TEST_CASE("pip options: a mirror's sdists serve a set that names no index, without build isolation",
          "[interpreter][pip_options]") {
  EnvironmentCase c;
  c.packages.find_links = {"https://example.org/wheels"};
  auto options = gm::interpreter::pip_options(c.request(), {"/m/sdists"});
  CHECK(options.from_mirror);
  CHECK(options.arguments == std::vector<std::string>{"--no-index", "--no-build-isolation", "--find-links", "/m/sdists",
                                                      "--find-links", "https://example.org/wheels"});
  auto recorded = options.recorded();
  CHECK(recorded.size() == options.settings.size() + options.arguments.size());
  CHECK(recorded.back() == "https://example.org/wheels");
}

TEST_CASE("pip options: a named index wins over the mirror, unless offline", "[interpreter][pip_options]") {
  EnvironmentCase c;
  c.packages.index_url = "https://pypi.example/simple";
  auto online = gm::interpreter::pip_options(c.request(), {"/m/sdists"});
  CHECK_FALSE(online.from_mirror);
  CHECK(online.arguments == std::vector<std::string>{"--index-url", "https://pypi.example/simple"});
  c.offline = true;
  auto offline = gm::interpreter::pip_options(c.request(), {"/m/sdists"});
  CHECK(offline.from_mirror);
  CHECK(offline.arguments ==
        std::vector<std::string>{"--no-index", "--no-build-isolation", "--find-links", "/m/sdists"});
}

TEST_CASE("pip options: offline with no mirror: pip never reaches an index", "[interpreter][pip_options]") {
  EnvironmentCase c;
  c.offline = true;
  c.packages.index_url = "https://pypi.example/simple";
  auto options = gm::interpreter::pip_options(c.request(), {});
  CHECK_FALSE(options.from_mirror);
  CHECK(options.arguments == std::vector<std::string>{"--no-index"});
}
