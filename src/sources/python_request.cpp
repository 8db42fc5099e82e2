#include "sources/python_request.hpp"

#include <regex>

#include <fmt/format.h>

namespace gm::sources {

namespace {

constexpr const char* kSpellings =
    "3.13, 3.13t, 3.13.15t, 3.13+freethreaded, cp313t, cp313-cp313t, 3.14t-tsan (ThreadSanitizer), or an "
    "interpreter's path or name (python3.13t)";

}  // namespace

std::string PythonRequest::name() const {
  if (version) return *version + (free_threaded ? "t" : "") + (thread_sanitizer ? "-tsan" : "");
  return interpreter;
}

Expected<PythonRequest> parse_python_request(const std::string& text) {
  static const std::regex other_implementation("(pypy|pp[0-9]|graalpy|gp[0-9]|jython|ironpython).*", std::regex::icase);
  // uv: 3.13, 3.13.15, 3.13t, 3.13+freethreaded, cpython-3.13t, cpython@3.13
  static const std::regex release("(?:cpython[-@]?)?(3)\\.([0-9]+)(\\.[0-9]+)?(t|\\+freethreaded)?", std::regex::icase);
  // Wheel tags and cibuildwheel: cp313, cp313t, cp313-cp313t, cp313t-manylinux_x86_64
  static const std::regex tag("cp(3)([0-9]+)(t?)(?:-cp3([0-9]+)(t?))?(?:-(?:many|musl)?linux_[a-z0-9_]+)?",
                              std::regex::icase);
  if (text.empty()) return fail("an empty interpreter name; use one of " + std::string(kSpellings));
  std::smatch m;
  if (std::regex_match(text, m, other_implementation))
    return fail(
        fmt::format("{} is not CPython: gilmatrix builds and measures CPython only (the GIL and its "
                    "free-threaded builds are CPython's); name a CPython such as 3.13t or cp313t",
                    text));
  PythonRequest request;
  if (std::regex_match(text, m, release)) {
    request.version = fmt::format("{}.{}{}", m[1].str(), m[2].str(), m[3].str());
    request.free_threaded = m[4].matched;
    return request;
  }
  // A release with a sanitiser: 3.14t-tsan, 3.14.7t-tsan, 3.13-tsan.
  static const std::regex sanitised("(.+)-tsan", std::regex::icase);
  if (std::regex_match(text, m, sanitised) && std::regex_match(m[1].str(), release)) {
    auto base = parse_python_request(m[1].str());
    if (base) base->thread_sanitizer = true;
    return base;
  }
  if (std::regex_match(text, m, tag)) {
    if (m[4].matched && m[4].str() != m[2].str())
      return fail(fmt::format("{}: the interpreter tag cp3{} and the ABI tag cp3{} name different versions", text,
                              m[2].str(), m[4].str()));
    // cp313-cp313t: the ABI tag says free-threaded. cp313t-cp313 contradicts itself.
    if (m[4].matched && !m[3].str().empty() && m[5].str().empty())
      return fail(fmt::format("{}: a free-threaded interpreter tag with a GIL ABI tag; write cp3{}-cp3{}t", text,
                              m[2].str(), m[2].str()));
    request.version = fmt::format("{}.{}", m[1].str(), m[2].str());
    request.free_threaded = !m[3].str().empty() || !m[5].str().empty();
    return request;
  }
  if (std::regex_match(text, std::regex("cp[0-9].*", std::regex::icase)))
    return fail(fmt::format("{}: not a CPython tag gilmatrix understands; use {}", text, kSpellings));
  request.interpreter = text;  // a path, a name on PATH, or a pyenv version (3.13-dev, 3.14.0rc1)
  return request;
}

}  // namespace gm::sources
