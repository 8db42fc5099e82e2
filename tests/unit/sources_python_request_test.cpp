#include <catch2/catch.hpp>

#include <string>

#include "sources/python_request.hpp"

using gm::sources::parse_python_request;

namespace {

// "3.13t" for a release request, "interpreter:NAME" for an existing one, "error" when refused.
std::string read(const std::string& text) {
  auto request = parse_python_request(text);
  if (!request) return "error";
  if (!request->version) return "interpreter:" + request->interpreter;
  return *request->version + (request->free_threaded ? "t" : "");
}

}  // namespace

TEST_CASE("python request: versions, with t for free-threaded", "[sources][python_request]") {
  CHECK(read("3.13") == "3.13");
  CHECK(read("3.13t") == "3.13t");
  CHECK(read("3.13.15") == "3.13.15");
  CHECK(read("3.13.15t") == "3.13.15t");
  CHECK(read("3.14t") == "3.14t");
}

TEST_CASE("python request: uv's spellings", "[sources][python_request]") {
  CHECK(read("3.13+freethreaded") == "3.13t");
  CHECK(read("3.13.15+freethreaded") == "3.13.15t");
  CHECK(read("cpython-3.13t") == "3.13t");
  CHECK(read("cpython@3.14") == "3.14");
}

TEST_CASE("python request: wheel tags and cibuildwheel identifiers", "[sources][python_request]") {
  CHECK(read("cp313") == "3.13");
  CHECK(read("cp313t") == "3.13t");
  CHECK(read("cp313-cp313") == "3.13");
  CHECK(read("cp313-cp313t") == "3.13t");
  CHECK(read("cp314t-manylinux_x86_64") == "3.14t");
  CHECK(read("CP313T") == "3.13t");
}

TEST_CASE("python request: contradictory tags are refused", "[sources][python_request]") {
  CHECK(read("cp313-cp312t") == "error");
  CHECK(read("cp313t-cp313") == "error");
  CHECK(read("cp31x") == "error");
}

TEST_CASE("python request: other implementations are refused with the reason", "[sources][python_request]") {
  for (const char* name : {"pypy", "pypy3.10", "pp310", "PyPy3", "graalpy", "jython"}) {
    auto request = parse_python_request(name);
    REQUIRE_FALSE(request);
    CHECK_THAT(request.error(), Catch::Contains("is not CPython") && Catch::Contains("3.13t"));
  }
}

TEST_CASE("python request: paths and names are existing interpreters", "[sources][python_request]") {
  CHECK(read("python3.13t") == "interpreter:python3.13t");
  CHECK(read("/opt/py/bin/python3") == "interpreter:/opt/py/bin/python3");
  CHECK(read("3.14.0rc1") == "interpreter:3.14.0rc1");  // a pyenv version name
}

TEST_CASE("python request: the build's name is the canonical spelling", "[sources][python_request]") {
  CHECK(parse_python_request("cp313-cp313t")->name() == "3.13t");
  CHECK(parse_python_request("3.13+freethreaded")->name() == "3.13t");
  CHECK(parse_python_request("python3.13")->name() == "python3.13");
}
