#pragma once
#include <string>
#include <vector>

#include "exec/process.hpp"

namespace gm::cpython_build {

// The configure option of a sanitised build (`sanitizer = "thread"`): the one
// spelling the recipe writes and a build's recorded configure line is read for.
inline constexpr const char* kThreadSanitizerOption = "--with-thread-sanitizer";

// Bump when the way gilmatrix configures, builds or installs CPython changes,
// so that old cache entries are not reused for the new recipe.
inline constexpr int kBuildRecipeVersion = 1;

struct BuildRecipe {
  std::string label;            // human part of the key: "3.13.15t", "git-1a2b3c4d5e6ft", "3.14.7t-tsan"
  std::string source_identity;  // "sha256:<tarball digest>" or "git:<commit>"
  bool free_threaded = false;
  std::vector<std::string> configure;  // extra flags, in order
  std::string compiler_identity;
  // --with-thread-sanitizer: the interpreter, and every extension built with
  // its sysconfig flags, is instrumented by ThreadSanitizer.
  bool thread_sanitizer = false;
  // CPython's own test modules (_testcapi, ...) and test suite (Lib/test):
  // nothing gilmatrix runs needs them, and leaving them out (configure
  // --disable-test-modules, 3.10+) saves about 15% of a build. Part of the
  // configure arguments, so of the key.
  bool test_modules = true;
};

// Release builds leave the test modules out where configure can (3.10+).
bool release_builds_test_modules(int major, int minor);

// "<label>-<16 hex digits>": the same recipe always gives the same key; any
// change of source, flags, variant, compiler or recipe version gives another.
std::string cache_key(const BuildRecipe& recipe);

// The label's suffix for a variant: "t" free-threaded, "-tsan" sanitised ("3.14.7t-tsan").
std::string variant_suffix(bool free_threaded, bool thread_sanitizer);

// The full configure command line (without --prefix) for a recipe.
std::vector<std::string> configure_arguments(const BuildRecipe& recipe);

// Which C compiler CPython's configure will pick, and its version: "cc: gcc (Debian 12.2.0-14) 12.2.0
// x86_64-linux-gnu".
std::string detect_compiler_identity(exec::ProcessRunner& runner);

}  // namespace gm::cpython_build
