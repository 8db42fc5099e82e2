#include <catch2/catch.hpp>

#include <fstream>

#include "cpython_build/toolchain_check.hpp"
#include "util/paths.hpp"

using namespace gm::cpython_build;

TEST_CASE("the JIT and the tail-calling interpreter are asked for by their configure options",
          "[cpython_build][toolchain]") {
  CHECK(wants_jit({"--enable-experimental-jit"}));
  CHECK(wants_jit({"--enable-experimental-jit=yes-off"}));
  CHECK_FALSE(wants_jit({"--enable-experimental-jit=no"}));
  CHECK_FALSE(wants_jit({"--enable-optimizations"}));
  CHECK(wants_tail_call_interp({"--with-tail-call-interp"}));
  CHECK(wants_tail_call_interp({"CC=clang-19", "--with-tail-call-interp=yes"}));
  CHECK_FALSE(wants_tail_call_interp({"--with-tail-call-interp=no"}));
}

TEST_CASE("LLVM's version lines give the major version; Apple's and gcc's do not", "[cpython_build][toolchain]") {
  CHECK(llvm_major_version("Debian clang version 14.0.6") == 14);
  CHECK(llvm_major_version("Ubuntu clang version 19.1.7 (++20250114103320+cd708029e0b2-1~exp1~20250114103432.75)") ==
        19);
  CHECK(llvm_major_version("LLVM version 19.1.7") == 19);
  CHECK(llvm_major_version("Apple clang version 16.0.0 (clang-1600.0.26.6)") == std::nullopt);
  CHECK(llvm_major_version("gcc (Debian 12.2.0-14+deb12u1) 12.2.0") == std::nullopt);
}

TEST_CASE("the LLVM version the JIT needs is read from the source tree", "[cpython_build][toolchain]") {
  gm::TempDir tree("toolchain-test");
  CHECK(jit_llvm_version(tree.path()) == std::nullopt);
  std::filesystem::create_directories(tree.path() / "Tools" / "jit");
  std::ofstream(tree.path() / "Tools" / "jit" / "_llvm.py") << "import re\n\n_LLVM_VERSION = 19\n";
  CHECK(jit_llvm_version(tree.path()) == 19);
}

TEST_CASE("gcc cannot build the tail-calling interpreter: the message says what to install",
          "[cpython_build][toolchain]") {
  gm::exec::SystemProcessRunner runner;
  gm::TempDir tree("toolchain-test");
  auto missing = missing_toolchain(runner, {"--with-tail-call-interp"}, tree.path(), "gcc");
  REQUIRE(missing);
  CHECK_THAT(*missing, Catch::StartsWith("not started: --with-tail-call-interp needs clang 19 or newer"));
  CHECK_THAT(*missing, Catch::Contains("apt.llvm.org"));
  CHECK_THAT(*missing, Catch::Contains("\"CC=clang-19\""));
  CHECK(missing_toolchain(runner, {"--enable-optimizations"}, tree.path(), "gcc") == std::nullopt);
}
