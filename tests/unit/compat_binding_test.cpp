#include <catch2/catch.hpp>
#include <fstream>

#include "compat/binding.hpp"
#include "report/compatibility_report.hpp"
#include "util/paths.hpp"

using gm::compat::Binding;

namespace {
std::filesystem::path write(const std::filesystem::path& file, const std::string& content) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << content;
  return file;
}

gm::results::ModuleCheck check(std::string build, std::string module, gm::results::ModuleStatus status,
                               bool free_threaded) {
  gm::results::ModuleCheck m;
  m.build = std::move(build);
  m.module = std::move(module);
  m.status = std::move(status);
  m.free_threaded = free_threaded;
  m.distribution = "pkg";
  m.version = "1.0";
  return m;
}
}  // namespace

TEST_CASE("the binding is recognised from marks in the shared object") {
  gm::TempDir dir;
  REQUIRE(gm::compat::detect_binding(write(dir.path() / "a.so", std::string("\x7f"
                                                                            "ELF __pyx_pymod_exec",
                                                                            20))) == Binding::cython);
  REQUIRE(gm::compat::detect_binding(write(dir.path() / "b.so", "_ZN8pybind116detail")) == Binding::pybind11);
  REQUIRE(gm::compat::detect_binding(write(dir.path() / "c.so", "nanobind::detail")) == Binding::nanobind);
  REQUIRE(gm::compat::detect_binding(write(dir.path() / "d.so", "pyo3::impl_")) == Binding::pyo3);
  REQUIRE(gm::compat::detect_binding(write(dir.path() / "e.so", "PyInit_plain PyModuleDef_Init")) == Binding::c_api);
}

TEST_CASE("the maintainer's sources take precedence over the binary") {
  gm::TempDir dir;
  write(dir.path() / "src" / "fast.pyx", "def f(): pass\n");
  auto so = write(dir.path() / "fast.so", "PyInit_fast");
  REQUIRE(gm::compat::detect_binding(so, dir.path() / "src") == Binding::cython);
  write(dir.path() / "rs" / "Cargo.toml", "[dependencies]\npyo3 = \"0.23\"\n");
  REQUIRE(gm::compat::detect_binding(so, dir.path() / "rs") == Binding::pyo3);
}

TEST_CASE("each binding's fix names its own mechanism") {
  REQUIRE(gm::compat::fix_hint(Binding::c_api).find("Py_MOD_GIL_NOT_USED") != std::string::npos);
  REQUIRE(gm::compat::fix_hint(Binding::cython).find("freethreading_compatible") != std::string::npos);
  REQUIRE(gm::compat::fix_hint(Binding::pybind11).find("py::mod_gil_not_used()") != std::string::npos);
  REQUIRE(gm::compat::fix_hint(Binding::nanobind).find("FREE_THREADED") != std::string::npos);
  REQUIRE(gm::compat::fix_hint(Binding::pyo3).find("gil_used = false") != std::string::npos);
}

TEST_CASE("the summary counts modules that keep the GIL disabled per free-threaded build") {
  using gm::results::ModuleStatus;
  std::vector<gm::results::ModuleCheck> modules{check("3.13t", "a", ModuleStatus::keeps_gil_disabled, true),
                                                check("3.13t", "b", ModuleStatus::reenables_gil, true),
                                                check("3.13t", "c", ModuleStatus::keeps_gil_disabled, true),
                                                check("3.13", "a", ModuleStatus::importable, false)};
  auto lines = gm::report::compatibility_summary(modules);
  REQUIRE(lines == std::vector<std::string>{"2 of 3 extension modules keep the GIL disabled on 3.13t"});
}

TEST_CASE("the compatibility table shows attribution and escapes names") {
  using gm::results::ModuleStatus;
  auto blamed = check("3.13t", "pkg.front|end", ModuleStatus::reenables_gil, true);
  blamed.attributed_to = "pkg._core";
  auto crashed = check("3.13t", "boom", ModuleStatus::crashed, true);
  crashed.detail = "killed by SIGSEGV";
  auto text = gm::report::render_compatibility({}, {blamed, crashed}, {});
  REQUIRE(text.find("| pkg 1.0 | pkg.front\\|end | ❌ re-enables GIL (via pkg.\\_core) |") != std::string::npos);
  REQUIRE(text.find("💥 crashed (killed by SIGSEGV)") != std::string::npos);
  REQUIRE(text.find("0 of 2 extension modules keep the GIL disabled on 3.13t") != std::string::npos);
}

TEST_CASE("a module that imports a non-declaring one: the fix names the module the warning named") {
  using gm::compat::Culprit;
  auto same = gm::compat::fix_hint_for_import("declares_support", Culprit{"undeclared_helper", Binding::cython, ""});
  CHECK(same.starts_with("change undeclared_helper, not declares_support: declares_support imports undeclared_helper"));
  CHECK(same.find("in undeclared_helper (Cython), " + gm::compat::fix_hint(Binding::cython)) != std::string::npos);

  auto other = gm::compat::fix_hint_for_import("mine", Culprit{"theirs._ext", Binding::c_api, "theirs 2.0"});
  CHECK(other.find("theirs._ext comes from theirs 2.0: use a release of it that declares support") !=
        std::string::npos);

  auto unknown = gm::compat::fix_hint_for_import("mine", Culprit{"vendored", std::nullopt, ""});
  CHECK(unknown.find("vendored is not an extension module this environment installed") != std::string::npos);
}

TEST_CASE("the C-API fix fits the module's init style", "[compat][binding]") {
  gm::TempDir dir;
  auto write_so = [&](const char* name, const std::string& bytes) {
    auto path = dir.path() / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  };
  using gm::compat::InitStyle;
  auto single = write_so("single.so", std::string("\x7f"
                                                  "ELF\0PyInit__crcfunext\0PyModule_Create2\0",
                                                  40));
  auto multi = write_so("multi.so", std::string("\x7f"
                                                "ELF\0PyInit_m\0PyModuleDef_Init\0",
                                                30));
  auto neither = write_so("neither.so",
                          "\x7f"
                          "ELF");
  REQUIRE(gm::compat::detect_init_style(single) == InitStyle::single_phase);
  REQUIRE(gm::compat::detect_init_style(multi) == InitStyle::multi_phase);
  REQUIRE(gm::compat::detect_init_style(neither) == InitStyle::unknown);
  auto single_fix = gm::compat::fix_hint(Binding::c_api, InitStyle::single_phase);
  CHECK_THAT(single_fix, Catch::Contains("single-phase init (PyModule_Create): call PyUnstable_Module_SetGIL"));
  CHECK_THAT(single_fix, !Catch::Contains("PyModuleDef_Slot"));
  auto multi_fix = gm::compat::fix_hint(Binding::c_api, InitStyle::multi_phase);
  CHECK_THAT(multi_fix, Catch::Contains("{Py_mod_gil, Py_MOD_GIL_NOT_USED}"));
  CHECK_THAT(multi_fix, !Catch::Contains("PyUnstable_Module_SetGIL"));
  for (auto style : {InitStyle::unknown, InitStyle::single_phase, InitStyle::multi_phase})
    CHECK_THAT(gm::compat::fix_hint(Binding::c_api, style),
               Catch::Contains("a promise that the module is thread-safe"));
}
