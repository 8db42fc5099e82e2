#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "compat/declaration.hpp"
#include "util/paths.hpp"

using gm::compat::Declaration;
using gm::compat::DeclarationMethod;

namespace {
void declaration_write(const std::filesystem::path& file, const std::string& content) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << content;
}

// The declaration found for `module`, which the test requires to exist.
Declaration declaration_of(const std::vector<Declaration>& found, const std::string& module) {
  auto declaration = gm::compat::declaration_for(found, module);
  REQUIRE(declaration);
  return *declaration;
}
}  // namespace

TEST_CASE("each declaration method has a name", "[declaration]") {
  CHECK(std::string(gm::compat::to_string(DeclarationMethod::py_mod_gil_slot)) == "Py_mod_gil slot");
  CHECK(std::string(gm::compat::to_string(DeclarationMethod::set_gil_call)) == "PyUnstable_Module_SetGIL");
  CHECK(std::string(gm::compat::to_string(DeclarationMethod::cython_directive)) == "Cython freethreading_compatible");
  CHECK(std::string(gm::compat::to_string(DeclarationMethod::pyo3_attribute)) == "PyO3 gil_used = false");
  CHECK(std::string(gm::compat::to_string(DeclarationMethod::pybind11_tag)) == "pybind11 py::mod_gil_not_used()");
  CHECK(std::string(gm::compat::to_string(DeclarationMethod::nanobind_flag)) == "nanobind FREE_THREADED");
}

TEST_CASE("a Py_mod_gil slot is found with the module its PyModuleDef names", "[declaration]") {
  gm::TempDir dir;
  declaration_write(dir.path() / "src" / "fast.c", R"src(#include <Python.h>
// {Py_mod_gil, Py_MOD_GIL_NOT_USED} is the slot this file declares
static int fast_exec(PyObject *m) { return 0; }
static PyModuleDef_Slot fast_slots[] = {
    {Py_mod_exec, fast_exec},
#ifdef Py_GIL_DISABLED
    {
      Py_mod_gil,
      Py_MOD_GIL_NOT_USED
    },
#endif
    {0, NULL}};
static struct PyModuleDef fast_def = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "pkg._fast",
    .m_slots = fast_slots,
};
PyMODINIT_FUNC PyInit__fast(void) { return PyModuleDef_Init(&fast_def); }
)src");
  auto found = gm::compat::find_declarations(dir.path());
  REQUIRE(found.size() == 1);
  CHECK(found[0].method == DeclarationMethod::py_mod_gil_slot);
  CHECK(found[0].not_used);
  CHECK(found[0].file == std::filesystem::path("src/fast.c"));
  CHECK(found[0].line == 8);
  CHECK(found[0].module == "pkg._fast");
  CHECK(declaration_of(found, "pkg._fast").line == 8);
}

TEST_CASE("a Py_MOD_GIL_USED slot declares the GIL used, each slot array tied to its own module", "[declaration]") {
  gm::TempDir dir;
  declaration_write(dir.path() / "two.c",
                    R"src(static PyModuleDef_Slot a_slots[] = {{Py_mod_gil, Py_MOD_GIL_USED}, {0, NULL}};
static PyModuleDef_Slot b_slots[] = {{.slot = Py_mod_gil, .value = Py_MOD_GIL_NOT_USED}, {0, NULL}};
static struct PyModuleDef a_def = {PyModuleDef_HEAD_INIT, "alpha", NULL, 0, NULL, a_slots};
static struct PyModuleDef b_def = {PyModuleDef_HEAD_INIT, "beta", NULL, 0, NULL, b_slots};
)src");
  auto found = gm::compat::find_declarations(dir.path());
  REQUIRE(found.size() == 2);
  auto alpha = declaration_of(found, "alpha");
  CHECK_FALSE(alpha.not_used);
  CHECK(alpha.line == 1);
  auto beta = declaration_of(found, "pkg.beta");
  CHECK(beta.not_used);
  CHECK(beta.line == 2);
}

TEST_CASE("a PyUnstable_Module_SetGIL call is found, prose and the prototype are not", "[declaration]") {
  gm::TempDir dir;
  declaration_write(dir.path() / "spam.c",
                    R"src(static struct PyModuleDef spam_def = {PyModuleDef_HEAD_INIT, "spam", NULL, -1, NULL};
static struct PyModuleDef eggs_def = {PyModuleDef_HEAD_INIT, "eggs", NULL, -1, NULL};
PyAPI_FUNC(int) PyUnstable_Module_SetGIL(PyObject *module, void *gil);
PyMODINIT_FUNC PyInit_spam(void) {
    PyObject *m = PyModule_Create(&spam_def);
    // call PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED) once it is thread-safe
#ifdef Py_GIL_DISABLED
    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);
#endif
    return m;
}
)src");
  auto found = gm::compat::find_declarations(dir.path());
  REQUIRE(found.size() == 1);
  CHECK(found[0].method == DeclarationMethod::set_gil_call);
  CHECK(found[0].not_used);
  CHECK(found[0].line == 8);
  CHECK(found[0].module == "spam");
  CHECK_FALSE(gm::compat::declaration_for(found, "eggs"));
}

TEST_CASE("a Cython header directive names the .pyx file's module", "[declaration]") {
  gm::TempDir dir;
  declaration_write(dir.path() / "pkg" / "fast.pyx",
                    "# cython: language_level=3\n"
                    "# cython: boundscheck=False, freethreading_compatible = True\n"
                    "\"\"\"Fast things.\"\"\"\n");
  declaration_write(dir.path() / "pkg" / "slow.pyx", "#cython: freethreading_compatible=False\n");
  // Cython reads directive comments only before the first line of code.
  declaration_write(dir.path() / "pkg" / "late.pyx", "def f():\n    pass\n# cython: freethreading_compatible=True\n");
  auto found = gm::compat::find_declarations(dir.path());
  REQUIRE(found.size() == 2);
  auto fast = declaration_of(found, "pkg.fast");
  CHECK(fast.method == DeclarationMethod::cython_directive);
  CHECK(fast.not_used);
  CHECK(fast.line == 2);
  CHECK(fast.file == std::filesystem::path("pkg/fast.pyx"));
  CHECK_FALSE(declaration_of(found, "pkg.slow").not_used);
  CHECK_FALSE(gm::compat::declaration_for(found, "pkg.late"));
}

TEST_CASE("cythonize's compiler_directives apply to a module no file names", "[declaration]") {
  gm::TempDir dir;
  declaration_write(dir.path() / "setup.py", R"src(from setuptools import setup
from Cython.Build import cythonize
# compiler_directives={"freethreading_compatible": True} once it is safe
setup(ext_modules=cythonize("pkg/*.pyx",
      compiler_directives={"language_level": 3, 'freethreading_compatible': True}))
)src");
  declaration_write(dir.path() / "pkg" / "fast.pyx", "def f():\n    pass\n");
  auto found = gm::compat::find_declarations(dir.path());
  REQUIRE(found.size() == 1);
  CHECK(found[0].method == DeclarationMethod::cython_directive);
  CHECK(found[0].line == 5);
  CHECK(found[0].module.empty());
  CHECK(declaration_of(found, "pkg.fast").file == std::filesystem::path("setup.py"));

  gm::TempDir meson;
  declaration_write(meson.path() / "meson.build",
                    "py.extension_module('fast', 'fast.pyx',\n  cython_args: ['-Xfreethreading_compatible=False'])\n");
  auto from_meson = gm::compat::find_declarations(meson.path());
  REQUIRE(from_meson.size() == 1);
  CHECK_FALSE(from_meson[0].not_used);
  CHECK(from_meson[0].line == 2);
}

TEST_CASE("a PyO3 #[pymodule(gil_used = ...)] names its function, or the name it is given", "[declaration]") {
  gm::TempDir dir;
  declaration_write(dir.path() / "src" / "lib.rs", R"src(use pyo3::prelude::*;

/// Fast things.
#[pymodule(gil_used = false)]
fn _fast(m: &Bound<'_, PyModule>) -> PyResult<()> {
    Ok(())
}

#[pyo3::pymodule(gil_used = true)]
/// Renamed.
#[pyo3(name = "renamed")]
pub(crate) fn inner(m: &Bound<'_, PyModule>) -> PyResult<()> {
    Ok(())
}

#[pymodule(gil_used = false)]
mod declarative {}

#[pymodule]
fn undeclared(m: &Bound<'_, PyModule>) -> PyResult<()> {
    Ok(())
}
// #[pymodule(gil_used = false)]
)src");
  auto found = gm::compat::find_declarations(dir.path());
  REQUIRE(found.size() == 3);
  auto fast = declaration_of(found, "pkg._fast");
  CHECK(fast.method == DeclarationMethod::pyo3_attribute);
  CHECK(fast.not_used);
  CHECK(fast.line == 4);
  auto renamed = declaration_of(found, "renamed");
  CHECK_FALSE(renamed.not_used);
  CHECK(renamed.line == 9);
  CHECK(declaration_of(found, "declarative").not_used);
  CHECK_FALSE(gm::compat::declaration_for(found, "inner"));
  CHECK_FALSE(gm::compat::declaration_for(found, "undeclared"));
}

TEST_CASE("a pybind11 module tagged py::mod_gil_not_used() is found", "[declaration]") {
  gm::TempDir dir;
  declaration_write(dir.path() / "src" / "ext.cpp", R"src(#include <pybind11/pybind11.h>
namespace py = pybind11;
// PYBIND11_MODULE(_example, m, py::mod_gil_not_used()) declares support
PYBIND11_MODULE(_example, m, py::mod_gil_not_used()) {
  m.def("f", [](int a, int b) { return a + b; });
}
PYBIND11_MODULE(plain, m) {}
PYBIND11_MODULE(locked, m, pybind11::mod_gil_not_used(false)) {}
)src");
  auto found = gm::compat::find_declarations(dir.path());
  REQUIRE(found.size() == 2);
  auto example = declaration_of(found, "pkg._example");
  CHECK(example.method == DeclarationMethod::pybind11_tag);
  CHECK(example.not_used);
  CHECK(example.line == 4);
  CHECK_FALSE(declaration_of(found, "locked").not_used);
  CHECK_FALSE(gm::compat::declaration_for(found, "plain"));
}

TEST_CASE("a nanobind module built FREE_THREADED is found in CMakeLists.txt", "[declaration]") {
  gm::TempDir dir;
  declaration_write(dir.path() / "CMakeLists.txt", R"src(find_package(nanobind CONFIG REQUIRED)
nanobind_add_module(
  _nb_ext  # the extension (not FREE_THREADED-ready in 1.0)
  STABLE_ABI
  FREE_THREADED
  src/ext.cpp)
nanobind_add_module(other src/other.cpp)
# nanobind_add_module(commented FREE_THREADED src/x.cpp)
nanobind_add_module(${EXT_NAME} FREE_THREADED src/v.cpp)
)src");
  auto found = gm::compat::find_declarations(dir.path());
  REQUIRE(found.size() == 2);
  CHECK(found[0].method == DeclarationMethod::nanobind_flag);
  CHECK(found[0].module == "_nb_ext");
  CHECK(found[0].line == 2);
  CHECK(found[1].module.empty());
  CHECK(found[1].line == 9);
  CHECK(declaration_of(found, "pkg._nb_ext").line == 2);
  // The unnamed one shares its file with a named one: it is not guessed to be `other`.
  CHECK_FALSE(gm::compat::declaration_for(found, "other"));
}

TEST_CASE("build output, vendored binding libraries and files over 4 MB are not read", "[declaration]") {
  gm::TempDir dir;
  const std::string slot = "static PyModuleDef_Slot s[] = {{Py_mod_gil, Py_MOD_GIL_NOT_USED}};\n";
  declaration_write(dir.path() / "build" / "gen.c", slot);
  declaration_write(dir.path() / ".git" / "x.c", slot);
  declaration_write(dir.path() / "extern" / "pybind11" / "include" / "pybind11" / "pybind11.h",
                    "if (gil_not_used.flag()) PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);\n");
  declaration_write(dir.path() / "vendor" / "pyo3" / "Cargo.toml", "[package]\nname = \"pyo3\"\n");
  declaration_write(dir.path() / "vendor" / "pyo3" / "tests" / "m.rs", "#[pymodule(gil_used = false)]\nfn m() {}\n");
  declaration_write(dir.path() / "big.c", std::string(4 * 1024 * 1024, ' ') + slot);
  declaration_write(dir.path() / "small.c", slot);
  auto found = gm::compat::find_declarations(dir.path());
  REQUIRE(found.size() == 1);
  CHECK(found[0].file == std::filesystem::path("small.c"));
}

TEST_CASE("a tree that declares nothing has no declaration for any module", "[declaration]") {
  gm::TempDir dir;
  declaration_write(dir.path() / "setup.py",
                    "from setuptools import setup, Extension\n"
                    "setup(ext_modules=[Extension('pkg._c', ['src/c.c'])])\n");
  declaration_write(dir.path() / "src" / "c.c",
                    R"src(static PyModuleDef_Slot c_slots[] = {{Py_mod_exec, c_exec}, {0, NULL}};
static struct PyModuleDef c_def = {PyModuleDef_HEAD_INIT, "_c", NULL, 0, NULL, c_slots};
)src");
  declaration_write(dir.path() / "README.md", "Add {Py_mod_gil, Py_MOD_GIL_NOT_USED} one day.\n");
  auto found = gm::compat::find_declarations(dir.path());
  CHECK(found.empty());
  CHECK_FALSE(gm::compat::declaration_for(found, "pkg._c"));
  CHECK(gm::compat::find_declarations(dir.path() / "missing").empty());
}

TEST_CASE("declaration_for takes an unnamed declaration only when one file declares and names nothing",
          "[declaration]") {
  auto unnamed = [](const char* file, int line) {
    return Declaration{DeclarationMethod::cython_directive, true, file, line, ""};
  };
  auto named = Declaration{DeclarationMethod::py_mod_gil_slot, false, "src/a.c", 3, "pkg.alpha"};
  CHECK(declaration_of({unnamed("setup.py", 4), unnamed("setup.py", 9)}, "pkg.any").line == 4);
  CHECK_FALSE(gm::compat::declaration_for({unnamed("setup.py", 4), unnamed("meson.build", 2)}, "pkg.any"));
  CHECK_FALSE(gm::compat::declaration_for({unnamed("setup.py", 4), named}, "pkg.beta"));
  CHECK(declaration_of({unnamed("setup.py", 4), named}, "other.alpha").file == std::filesystem::path("src/a.c"));
  CHECK_FALSE(gm::compat::declaration_for({}, "pkg.any"));
}
