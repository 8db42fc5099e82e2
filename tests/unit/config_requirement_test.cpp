#include <catch2/catch.hpp>

#include <string>

#include "config/requirement.hpp"

using gm::config::classify_requirement;
using gm::config::RequirementKind;

namespace {
RequirementKind kind_of(const std::string& text) {
  auto kind = classify_requirement(text);
  INFO(text << ": " << (kind ? "" : kind.error().message));
  REQUIRE(kind);
  return *kind;
}

std::string problem_with(const std::string& text) {
  auto kind = classify_requirement(text);
  INFO(text);
  REQUIRE_FALSE(kind);
  return kind.error().message;
}
}  // namespace

TEST_CASE("requirement: PEP 508 specifiers are named requirements", "[config][requirement]") {
  for (const char* text : {"pyrsistent", "pyrsistent==0.20.0", "crcmod >= 1.7, < 2", "numpy[dev,test]~=2.1",
                           "A.B-c_d (>=1.0)", "zope.interface===5.0.0", "x; python_version >= '3.13'",
                           "x[y] >= 1; (os_name == \"posix\" and extra == 'z') or sys_platform != 'win32'",
                           "x ; platform_machine in 'x86_64 aarch64'", "x; python_version not in '3.12'",
                           "pip @ https://example.invalid/pip-24.0.tar.gz",
                           "pip @ file:///srv/pip.whl ; python_version > '3'", "Django>=4.2,!=4.2.1"})
    CHECK(kind_of(text) == RequirementKind::named);
}

TEST_CASE("requirement: URLs and local paths", "[config][requirement]") {
  CHECK(kind_of("https://example.invalid/x-1.0.tar.gz") == RequirementKind::url);
  CHECK(kind_of("git+https://github.com/tobgu/pyrsistent@v0.20.0") == RequirementKind::url);
  CHECK(kind_of("file:///srv/wheels/x-1.0-py3-none-any.whl") == RequirementKind::url);
  for (const char* text :
       {"./my-ext", "../x.tar.gz", "/abs/dir", "dist/x-1.0.tar.gz", "x-1.0-py3-none-any.whl", "src/ext"})
    CHECK(kind_of(text) == RequirementKind::path);
}

TEST_CASE("requirement: pip options are refused and say where options belong", "[config][requirement]") {
  for (const char* text : {"--log=/tmp/x.log", "-r/etc/passwd", "-r", "--index-url=https://x.invalid", "  -e ."}) {
    auto message = problem_with(text);
    CHECK_THAT(message, Catch::Contains("a pip option, not a requirement"));
    CHECK_THAT(message, Catch::Contains("`index-url` and `find-links`"));
  }
}

TEST_CASE("requirement: malformed specifiers say what was expected and where", "[config][requirement]") {
  CHECK_THAT(problem_with("pyrsistent==0.20.0 --hash=sha256:00"),
             Catch::Contains("at character 20, found `--hash=sha256:00`"));
  CHECK_THAT(problem_with("x ==="), Catch::Contains("expected a version"));
  CHECK_THAT(problem_with("x[y"), Catch::Contains("`,` or `]` closing the extras"));
  CHECK_THAT(problem_with("x; python_version"), Catch::Contains("a marker operator"));
  CHECK_THAT(problem_with("x; bogus == '1'"), Catch::Contains("a marker variable"));
  CHECK_THAT(problem_with("x @ notaurl"), Catch::Contains("a URL after `@`"));
  CHECK_THAT(problem_with("x y"), Catch::Contains("the end of the requirement"));
  CHECK_THAT(problem_with(""), Catch::Contains("an empty requirement"));
  CHECK_THAT(problem_with("x\x1b[31m"), Catch::Contains("control character 0x1b at character 2"));
  CHECK_THAT(problem_with("_x"), Catch::Contains("a package name"));
}
