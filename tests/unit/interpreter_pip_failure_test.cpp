#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "interpreter/pip_failure.hpp"

namespace {

// Real pip 25 output (stdout, then stderr) captured from failed installs on 3.13.15t.
std::string pip_output(const std::string& name) {
  std::ifstream in(std::string(GILMATRIX_TEST_DATA_DIR) + "/pip/" + name + ".txt");
  std::stringstream text;
  text << in.rdbuf();
  REQUIRE(!text.str().empty());
  return text.str();
}

}  // namespace

TEST_CASE("a setup.py that raises: the exception, not pip's closing boilerplate", "[interpreter][pip_failure]") {
  auto failure = gm::interpreter::explain_pip_failure(pip_output("cython_required"));
  CHECK(failure.cause == "RuntimeError: Cython required to build dev version of cython_required");
  CHECK(failure.excerpt.find("RuntimeError: Cython required") != std::string::npos);
  CHECK(failure.excerpt.find("metadata-generation-failed") == std::string::npos);
  CHECK(failure.excerpt.find("not pip") == std::string::npos);
}

TEST_CASE("a compile failure: the first compiler error", "[interpreter][pip_failure]") {
  auto failure = gm::interpreter::explain_pip_failure(pip_output("compile_error"));
  CHECK(failure.cause == "compile_error.c:4:1: error: unknown type name ‘this’");
  CHECK(failure.excerpt.find("this is not C;") != std::string::npos);
}

TEST_CASE("a requirement pip cannot find: pip's own error", "[interpreter][pip_failure]") {
  auto failure = gm::interpreter::explain_pip_failure(pip_output("no_matching_distribution"));
  CHECK(failure.cause ==
        "ERROR: Could not find a version that satisfies the requirement nonexistent-pkg==1.0 (from versions: none)");
}

TEST_CASE("a missing compiler or header says so", "[interpreter][pip_failure]") {
  auto header = gm::interpreter::explain_pip_failure(
      "      x.c:1:10: fatal error: Python.h: No such file or directory\n"
      "      compilation terminated.\n"
      "      error: command '/usr/bin/gcc' failed with exit code 1\n"
      "      [end of output]\n"
      "  note: This error originates from a subprocess, and is likely not a problem with pip.\n");
  CHECK(header.cause == "x.c:1:10: fatal error: Python.h: No such file or directory");
  auto compiler = gm::interpreter::explain_pip_failure(
      "      running build_ext\n"
      "      error: command 'gcc' failed: No such file or directory\n"
      "      [end of output]\n"
      "error: subprocess-exited-with-error\n");
  CHECK(compiler.cause == "error: command 'gcc' failed: No such file or directory");
}

TEST_CASE("output without a recognisable reason: its last meaningful line", "[interpreter][pip_failure]") {
  CHECK(gm::interpreter::explain_pip_failure("Processing ./x\nsomething odd happened\n\nnote: see above\n").cause ==
        "something odd happened");
  CHECK(gm::interpreter::explain_pip_failure("").cause.empty());
}

TEST_CASE("pip failure: a full disk is told apart from the package's failure", "[interpreter][pip_failure]") {
  auto full = gm::interpreter::explain_pip_failure(
      "Processing ./pkg\nERROR: Could not install packages due to an OSError: [Errno 28] No space left on device\n");
  CHECK(full.out_of_space);
  CHECK(gm::interpreter::explain_pip_failure("OSError: [Errno 122] Disk quota exceeded\n").out_of_space);
  CHECK_FALSE(gm::interpreter::explain_pip_failure("ERROR: No matching distribution found for nope\n").out_of_space);
}
