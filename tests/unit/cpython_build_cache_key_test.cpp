#include <catch2/catch.hpp>

#include "cpython_build/build_log_parser.hpp"
#include "cpython_build/cache_key.hpp"

using gm::cpython_build::BuildRecipe;

namespace {
BuildRecipe base() { return {"3.13.15t", "sha256:abc", true, {"--with-lto"}, "gcc: gcc 12.2.0 x86_64-linux-gnu"}; }
}  // namespace

TEST_CASE("the same recipe always gives the same cache key") {
  REQUIRE(gm::cpython_build::cache_key(base()) == gm::cpython_build::cache_key(base()));
  REQUIRE(gm::cpython_build::cache_key(base()).rfind("3.13.15t-", 0) == 0);
}

TEST_CASE("the cache key changes with source, flags, variant and compiler") {
  auto key = gm::cpython_build::cache_key(base());
  auto other_source = base();
  other_source.source_identity = "sha256:abd";
  auto other_flags = base();
  other_flags.configure = {"--with-pydebug"};
  auto flag_order = base();
  flag_order.configure = {"--with-lto", "--enable-optimizations"};
  auto gil = base();
  gil.free_threaded = false;
  auto compiler = base();
  compiler.compiler_identity = "gcc: gcc 13.1.0 x86_64-linux-gnu";
  auto without_tests = base();
  without_tests.test_modules = false;
  for (const auto& changed : {other_source, other_flags, flag_order, gil, compiler, without_tests})
    REQUIRE(gm::cpython_build::cache_key(changed) != key);
}

TEST_CASE("configure arguments put --disable-gil before the matrix's flags") {
  REQUIRE(gm::cpython_build::configure_arguments(base()) == std::vector<std::string>{"--disable-gil", "--with-lto"});
  auto without_tests = base();
  without_tests.test_modules = false;
  // Before the matrix's flags, so a matrix can still ask for --enable-test-modules.
  REQUIRE(gm::cpython_build::configure_arguments(without_tests) ==
          std::vector<std::string>{"--disable-gil", "--disable-test-modules", "--with-lto"});
}

TEST_CASE("CPython's list of modules it could not build is read from make's output") {
  std::string output =
      "gcc -shared ...\n"
      "The necessary bits to build these optional modules were not found:\n"
      "_dbm                      _gdbm                     _tkinter              \n"
      "To find the necessary bits, look in configure.ac and config.log.\n"
      "\n"
      "Following modules built successfully but were removed because they could not be imported:\n"
      "_ssl                                                               \n"
      "\n"
      "Checked 112 modules (33 built-in, 75 shared, 1 n/a on linux-x86_64, 0 disabled, 3 missing, 1 failed on "
      "import)\n";
  auto check = gm::cpython_build::parse_module_check(output);
  REQUIRE(check.missing == std::vector<std::string>{"_dbm", "_gdbm", "_tkinter"});
  REQUIRE(check.failed_on_import == std::vector<std::string>{"_ssl"});
  REQUIRE(gm::cpython_build::parse_module_check("Checked 112 modules (0 missing)").missing.empty());
}

TEST_CASE("A module make reports missing twice in one log is listed once") {
  std::string summary =
      "The necessary bits to build these optional modules were not found:\n"
      "_dbm                      _zstd\n"
      "To find the necessary bits, look in configure.ac and config.log.\n"
      "\n";
  auto check = gm::cpython_build::parse_module_check("make sharedmods\n" + summary + "make install\n" + summary);
  REQUIRE(check.missing == std::vector<std::string>{"_dbm", "_zstd"});
}
