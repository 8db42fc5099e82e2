#include "cpython_build/toolchain_check.hpp"

#include <regex>

#include <fmt/format.h>

#include "util/paths.hpp"
#include "util/strings.hpp"

namespace gm::cpython_build {
namespace {

constexpr int kTailCallClang = 19;  // musttail and preserve_none, as CPython 3.14 uses them
constexpr const char* kInstallLlvm =
    "Debian 12 ships LLVM and clang 14 only: install version {0} from apt.llvm.org "
    "(wget https://apt.llvm.org/llvm.sh && sudo bash llvm.sh {0})";

std::optional<std::string> option_value(const std::vector<std::string>& args, const std::string& option) {
  std::optional<std::string> value;
  for (const auto& arg : args) {
    if (arg == option)
      value = "yes";
    else if (arg.starts_with(option + "="))
      value = arg.substr(option.size() + 1);
  }
  return value;
}

std::string version_line(exec::ProcessRunner& runner, const std::string& tool) {
  return exec::first_output_line(runner, {tool, "--version"}).value_or("");
}

// tool-N on PATH, or tool itself when it is LLVM N (as Tools/jit/_llvm.py looks).
bool has_llvm_tool(exec::ProcessRunner& runner, const std::string& tool, int version) {
  if (llvm_major_version(version_line(runner, fmt::format("{}-{}", tool, version))) == version) return true;
  return llvm_major_version(version_line(runner, tool)) == version;
}

}  // namespace

bool wants_jit(const std::vector<std::string>& configure_args) {
  auto value = option_value(configure_args, "--enable-experimental-jit");
  return value && *value != "no";
}

bool wants_tail_call_interp(const std::vector<std::string>& configure_args) {
  auto value = option_value(configure_args, "--with-tail-call-interp");
  return value && *value != "no";
}

std::optional<int> jit_llvm_version(const std::filesystem::path& source_dir) {
  auto text = read_text_file(source_dir / "Tools" / "jit" / "_llvm.py");
  if (!text) return std::nullopt;
  static const std::regex pattern(R"(_LLVM_VERSION\s*=\s*"?(\d+))");
  std::smatch match;
  if (!std::regex_search(*text, match, pattern)) return std::nullopt;
  return std::stoi(match[1]);
}

std::optional<int> llvm_major_version(const std::string& version_text) {
  static const std::regex pattern(R"((?:clang|LLVM) version (\d+)\.)");
  std::smatch match;
  if (version_text.find("Apple") != std::string::npos || !std::regex_search(version_text, match, pattern))
    return std::nullopt;
  return std::stoi(match[1]);
}

std::optional<std::string> missing_toolchain(exec::ProcessRunner& runner,
                                             const std::vector<std::string>& configure_args,
                                             const std::filesystem::path& source_dir, const std::string& c_compiler) {
  std::vector<std::string> problems;
  if (wants_jit(configure_args)) {
    if (auto version = jit_llvm_version(source_dir)) {
      std::vector<std::string> missing;
      for (const char* tool : {"clang", "llvm-objdump", "llvm-readobj"})
        if (!has_llvm_tool(runner, tool, *version)) missing.push_back(fmt::format("{}-{}", tool, *version));
      if (!missing.empty())
        problems.push_back(fmt::format(
            "--enable-experimental-jit needs LLVM {0} to build the JIT's stencils, and {1} {2} not on PATH "
            "(nor clang and its tools of version {0}); {3}, or drop the option from the build's `configure`",
            *version, join(missing, ", "), missing.size() == 1 ? "is" : "are",
            fmt::format(fmt::runtime(kInstallLlvm), *version)));
    }
  }
  if (wants_tail_call_interp(configure_args)) {
    std::string cc = c_compiler.empty() ? "gcc" : c_compiler;
    if (auto value = option_value(configure_args, "CC")) cc = *value;
    auto line = version_line(runner, cc);
    auto version = llvm_major_version(line);
    if (!version || *version < kTailCallClang)
      problems.push_back(fmt::format(
          "--with-tail-call-interp needs clang {0} or newer as the C compiler (the tail-calling interpreter uses "
          "clang's musttail and preserve_none), and this build compiles with {1} ({2}); {3}, and add "
          "\"CC=clang-{0}\" to the build's `configure`",
          kTailCallClang, cc, line.empty() ? "not found" : line,
          fmt::format(fmt::runtime(kInstallLlvm), kTailCallClang)));
  }
  if (problems.empty()) return std::nullopt;
  return "not started: " + join(problems, "; ");
}

}  // namespace gm::cpython_build
