#include "interpreter/pip_failure.hpp"

#include <algorithm>
#include <optional>
#include <regex>
#include <vector>

#include "util/disk_space.hpp"
#include "util/strings.hpp"

namespace gm::interpreter {

namespace {

// gcc/clang: "file.c:4:1: error: ..." or "file.c:1:10: fatal error: Python.h: No such file".
const std::regex kCompilerError(R"(^\S+:\d+(:\d+)?: (fatal )?error: .+)");
// The last line of a Python traceback: "RuntimeError: ...", "distutils.errors.CompileError: ...".
const std::regex kException(R"(^([a-z_][\w]*\.)*[A-Z]\w*(Error|Exception|Exit|Interrupt)(: .*)?$)");
// Lines pip and setuptools print for every failure; they never say why.
const std::regex kBoilerplate(
    R"(^(error: (subprocess-exited-with-error|metadata-generation-failed|failed-wheel-build-for-install)$)"
    R"(|error: command '.*' failed with exit (code|status) \d+$)"
    R"(|ERROR: (Failed building wheel for|Could not build wheels for|Failed to build installable wheels) )"
    R"(|ERROR: Failed to build )"
    R"(|Failed to build )"
    R"(|note: |hint: |× |│ |╰─> |\[end of output\]|\[\d+ lines of output\]))");

std::optional<std::size_t> first_match(const std::vector<std::string>& lines, const std::regex& pattern) {
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (std::regex_search(lines[i], pattern)) return i;
  return std::nullopt;
}

std::optional<std::size_t> last_match(const std::vector<std::string>& lines, const std::regex& pattern) {
  for (std::size_t i = lines.size(); i-- > 0;)
    if (std::regex_search(lines[i], pattern)) return i;
  return std::nullopt;
}

bool is_boilerplate(const std::string& line) { return line.empty() || std::regex_search(line, kBoilerplate); }

std::optional<std::size_t> first_error_line(const std::vector<std::string>& lines, std::string_view prefix) {
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (lines[i].starts_with(prefix) && !is_boilerplate(lines[i])) return i;
  return std::nullopt;
}

// Which line says why, most specific first: the first compiler error (later
// ones follow from it), the exception a build script raised (the last one:
// it is what the chained ones led to), an `error:` from setuptools, an
// `ERROR:` from pip, and otherwise the last line that is not boilerplate.
std::optional<std::size_t> cause_index(const std::vector<std::string>& lines) {
  if (auto i = first_match(lines, kCompilerError)) return i;
  if (auto i = last_match(lines, kException)) return i;
  if (auto i = first_error_line(lines, "error: ")) return i;
  if (auto i = first_error_line(lines, "ERROR: ")) return i;
  for (std::size_t i = lines.size(); i-- > 0;)
    if (!is_boilerplate(lines[i])) return i;
  return std::nullopt;
}

}  // namespace

PipFailure explain_pip_failure(std::string_view output) {
  std::vector<std::string> lines;
  for (const auto& line : split_lines(output)) lines.push_back(trim(line));
  bool out_of_space = mentions_no_space(std::string(output)) || output.find("[Errno 28]") != std::string_view::npos ||
                      output.find("[Errno 122]") != std::string_view::npos;
  auto index = cause_index(lines);
  if (!index) return {{}, {}, out_of_space};
  constexpr std::size_t kBefore = 8, kAfter = 3;
  auto first = *index > kBefore ? *index - kBefore : 0;
  auto last = std::min(lines.size(), *index + kAfter + 1);
  // The excerpt keeps the indentation relative to its least indented line,
  // which shows a traceback's structure.
  auto original = split_lines(output);
  std::vector<std::string> excerpt;
  std::size_t indent = std::string::npos;
  for (auto i = first; i < last; ++i) {
    if (is_boilerplate(lines[i]) && i != *index) continue;
    excerpt.push_back(original[i]);
    indent = std::min(indent, original[i].find_first_not_of(" \t"));
  }
  for (auto& line : excerpt) line.erase(0, indent);
  return {lines[*index], join(excerpt, "\n"), out_of_space};
}

}  // namespace gm::interpreter
