#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "cpython_build/build_or_reuse.hpp"
#include "fake_process_runner.hpp"
#include "util/paths.hpp"

namespace fs = std::filesystem;
using gm::cpython_build::BuildCache;
using gm::cpython_build::BuildRequest;

namespace {

// A git build whose source is an empty tree with a configure script; the
// fake runner plays configure, make (failing while `make_fails`) and make
// install (which puts bin/python3 under DESTDIR).
struct FakeGitBuild {
  gm::TempDir dir{"gm-build-or-reuse"};
  BuildCache cache{dir.path() / "cache"};
  bool make_fails = true;
  test_exec::FakeProcessRunner runner{[this](const gm::exec::ProcessSpec& spec) {
    const auto& argv = spec.argv;
    if (argv.size() > 1 && argv[0] == "make" && argv[1] == "install") {
      const auto destdir = fs::path(argv[2].substr(std::string("DESTDIR=").size()));
      const auto bin = destdir / cache.install_prefix(key()).relative_path() / "bin";
      fs::create_directories(bin);
      std::ofstream(bin / "python3") << "#!/bin/sh\n";
      fs::permissions(bin / "python3", fs::perms::owner_all);
      return test_exec::exited(0);
    }
    if (argv[0] == "make") return test_exec::exited(make_fails ? 2 : 0);
    return test_exec::exited(0);
  }};
  BuildRequest request;

  FakeGitBuild() {
    request.recipe.label = "git-0123456789ab";
    request.recipe.source_identity = "git:0123456789abcdef";
    request.recipe.compiler_identity = "gcc: gcc 12";
    request.prepare_source = [](const fs::path& work) -> gm::Expected<fs::path> {
      fs::create_directories(work / "src");
      std::ofstream(work / "src" / "configure") << "#!/bin/sh\n";
      return work / "src";
    };
  }
  std::string key() const { return gm::cpython_build::cache_key(request.recipe); }
  auto build() { return gm::cpython_build::build_or_reuse(runner, cache, request); }
};

}  // namespace

TEST_CASE("a build that failed in make fails again at once when failures are reused, and is built when not",
          "[build][cache]") {
  FakeGitBuild fake;
  auto first = fake.build();
  REQUIRE_FALSE(first);
  CHECK(first.error().step == "make");
  CHECK(first.error().remembered.empty());
  CHECK(fs::exists(fake.cache.failure_record(fake.key())));

  const auto calls = fake.runner.calls.size();
  fake.request.reuse_failures = true;
  auto again = fake.build();
  REQUIRE_FALSE(again);
  CHECK(fake.runner.calls.size() == calls);  // nothing was run
  CHECK(again.error().step == "make");
  CHECK(again.error().message == first.error().message);
  CHECK_FALSE(again.error().remembered.empty());

  // Without reuse it is built again; once it builds, the record of the failure goes.
  fake.request.reuse_failures = false;
  fake.make_fails = false;
  auto built = fake.build();
  REQUIRE(built);
  CHECK(fake.runner.calls.size() > calls);
  CHECK_FALSE(fs::exists(fake.cache.failure_record(fake.key())));
}

TEST_CASE("a source that cannot be had is not recorded as the build's failure", "[build][cache]") {
  FakeGitBuild fake;
  fake.request.prepare_source = [](const fs::path&) -> gm::Expected<fs::path> {
    return tl::unexpected(std::string("the repository cannot be reached"));
  };
  auto first = fake.build();
  REQUIRE_FALSE(first);
  CHECK(first.error().step == "source");
  CHECK_FALSE(fs::exists(fake.cache.failure_record(fake.key())));
}
