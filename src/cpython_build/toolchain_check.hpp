#pragma once
// Configure options that need a toolchain a stock Debian 12 lacks (LLVM 19 for
// 3.14's JIT, clang 19 for its tail-calling interpreter): said before
// configure, with what to install, instead of a build failing deep in make's log.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "exec/process.hpp"

namespace gm::cpython_build {

// --enable-experimental-jit (any value but "no") is asked for.
bool wants_jit(const std::vector<std::string>& configure_args);
// --with-tail-call-interp (or =yes) is asked for.
bool wants_tail_call_interp(const std::vector<std::string>& configure_args);
// The LLVM major version the source tree's JIT build needs (Tools/jit/_llvm.py), if it has one.
std::optional<int> jit_llvm_version(const std::filesystem::path& source_dir);
// The major version of a `clang --version` / `llvm-objdump --version` line from LLVM, if it is one.
std::optional<int> llvm_major_version(const std::string& version_text);

// What is missing for the configure options, with what to install; nothing when
// the toolchain is there or no option needs one. `c_compiler` is the CC the
// build uses (a CC=... argument in `configure` wins).
std::optional<std::string> missing_toolchain(exec::ProcessRunner& runner,
                                             const std::vector<std::string>& configure_args,
                                             const std::filesystem::path& source_dir, const std::string& c_compiler);

}  // namespace gm::cpython_build
