#include "cpython_build/cache_key.hpp"

#include <tuple>

#include <fmt/format.h>

#include "util/hash.hpp"
#include "util/strings.hpp"

namespace gm::cpython_build {

std::vector<std::string> configure_arguments(const BuildRecipe& recipe) {
  std::vector<std::string> args;
  if (recipe.free_threaded) args.emplace_back("--disable-gil");
  if (!recipe.test_modules) args.emplace_back("--disable-test-modules");
  if (recipe.thread_sanitizer) args.emplace_back(kThreadSanitizerOption);
  args.insert(args.end(), recipe.configure.begin(), recipe.configure.end());
  return args;
}

std::string variant_suffix(bool free_threaded, bool thread_sanitizer) {
  return std::string(free_threaded ? "t" : "") + (thread_sanitizer ? "-tsan" : "");
}

bool release_builds_test_modules(int major, int minor) { return std::tie(major, minor) < std::tuple(3, 10); }

std::string cache_key(const BuildRecipe& recipe) {
  Sha256 hash;
  hash.update(fmt::format("recipe={}\n", kBuildRecipeVersion));
  hash.update(fmt::format("source={}\n", recipe.source_identity));
  for (const auto& arg : configure_arguments(recipe)) hash.update(fmt::format("configure={}\n", arg));
  hash.update(fmt::format("compiler={}\n", recipe.compiler_identity));
  return recipe.label + "-" + hash.hex_digest().substr(0, 16);
}

std::string detect_compiler_identity(exec::ProcessRunner& runner) {
  auto first_line = [&](std::vector<std::string> argv) {
    return exec::first_output_line(runner, std::move(argv)).value_or("");
  };
  // configure tries gcc before cc.
  for (const char* compiler : {"gcc", "cc", "clang"}) {
    auto version = first_line({compiler, "--version"});
    if (!version.empty()) return fmt::format("{}: {} {}", compiler, version, first_line({compiler, "-dumpmachine"}));
  }
  return "no C compiler found";
}

}  // namespace gm::cpython_build
