#include <catch2/catch.hpp>

#include "compat/binary_suffix.hpp"
#include "report/compatibility_report.hpp"

TEST_CASE("a binary named for another interpreter says what this one loads and how to fix it", "[compat]") {
  auto wrong = gm::compat::describe_wrong_binary("/venv/site-packages/pkg/_ext.cpython-313-x86_64-linux-gnu.so",
                                                 "pkg._ext", ".cpython-313t-x86_64-linux-gnu.so");
  CHECK(wrong.detail ==
        "_ext.cpython-313-x86_64-linux-gnu.so is built for another interpreter: this one loads extension modules "
        "named *.cpython-313t-x86_64-linux-gnu.so, so `import pkg._ext` does not find it; the package shipped the "
        "wrong binary");
  CHECK(wrong.fix.find("(wheel tag cp313t)") != std::string::npos);
  CHECK(wrong.fix.find("ends in .cpython-313t-x86_64-linux-gnu.so") != std::string::npos);
}

TEST_CASE("the report's findings give the wrong binary and the fix for a module blamed through another",
          "[compat][report]") {
  using gm::results::ModuleStatus;
  gm::results::ModuleCheck wrong;
  wrong.build = "3.13t";
  wrong.distribution = "pkg";
  wrong.version = "1.0";
  wrong.module = "pkg._ext";
  wrong.status = ModuleStatus::other_interpreter_binary;
  wrong.free_threaded = true;
  wrong.detail = "_ext.cpython-313-x86_64-linux-gnu.so is built for another interpreter";
  wrong.fix = "build the extension with this interpreter";
  auto via = wrong;
  via.module = "pkg.front";
  via.status = ModuleStatus::reenables_gil;
  via.attributed_to = "pkg._helper";
  via.detail = "";
  via.fix = "change pkg._helper, not pkg.front";
  auto text = gm::report::render_compatibility({}, {wrong, via}, {});
  CHECK(text.find("| pkg 1.0 | pkg.\\_ext | ⚠️ built for another interpreter |") != std::string::npos);
  CHECK(text.find("- pkg.\\_ext on 3.13t: built for another interpreter: \\_ext.cpython-313-x86\\_64-linux-gnu.so is "
                  "built for another interpreter; to fix, build the extension with this interpreter") !=
        std::string::npos);
  CHECK(text.find("- pkg.front on 3.13t: re-enables GIL (via pkg.\\_helper); to fix, change pkg.\\_helper, not "
                  "pkg.front") != std::string::npos);
  CHECK(text.find("Built with the") == std::string::npos);
  CHECK(text.find("0 of 2 extension modules keep the GIL disabled on 3.13t") != std::string::npos);
}
