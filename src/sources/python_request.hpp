#pragma once
// The interpreter names people already use, read into one request:
//
//   3.13  3.13.15                      CPython 3.13 (newest 3.13.x) / exactly 3.13.15
//   3.13t  3.13.15t                    the free-threaded build of it
//   3.14t-tsan  3.14.7t-tsan           that build configured --with-thread-sanitizer
//   3.13+freethreaded  cpython-3.13t   uv's spellings
//   cp313  cp313t  cp313-cp313t        wheel tags and cibuildwheel identifiers
//   python3.13t  /opt/py/bin/python3   an existing interpreter (PATH, pyenv, a path)
//   pypy3.10  pp310  graalpy ...       rejected: gilmatrix measures CPython only
#include <optional>
#include <string>

#include "util/error.hpp"

namespace gm::sources {

struct PythonRequest {
  // A CPython release ("3.13" or "3.13.15") to build, take from the cache or
  // find installed; or else an existing interpreter named by `interpreter`.
  std::optional<std::string> version;
  bool free_threaded = false;
  bool thread_sanitizer = false;  // "-tsan": built --with-thread-sanitizer
  std::string interpreter;

  // "3.13t", "3.13.15", "3.14t-tsan", or the interpreter as given: the build's name in outputs.
  std::string name() const;
};

// An error says what was not understood and lists the spellings that work.
Expected<PythonRequest> parse_python_request(const std::string& text);

}  // namespace gm::sources
