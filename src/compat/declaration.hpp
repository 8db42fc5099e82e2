#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace gm::compat {

// The ways an extension module's sources say whether it needs the GIL.
enum class DeclarationMethod {
  py_mod_gil_slot,   // C API, multi-phase init: {Py_mod_gil, Py_MOD_GIL_NOT_USED}
  set_gil_call,      // C API, single-phase init: PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED)
  cython_directive,  // freethreading_compatible: a .pyx header comment, or cythonize's compiler_directives
  pyo3_attribute,    // #[pymodule(gil_used = false)]
  pybind11_tag,      // PYBIND11_MODULE(name, m, py::mod_gil_not_used())
  nanobind_flag,     // nanobind_add_module(name FREE_THREADED ...)
};

const char* to_string(DeclarationMethod method);

struct Declaration {
  DeclarationMethod method;
  bool not_used = true;        // declares the GIL is not used; false: declares it is (Py_MOD_GIL_USED, ... = False)
  std::filesystem::path file;  // relative to the source root
  int line = 0;                // 1-based
  // The module it declares, where the sources name it: PyModuleDef's m_name (else
  // the file's only PyInit_ function), the .pyx file's stem, the #[pymodule]
  // function or its name = "...", the first argument of PYBIND11_MODULE or
  // nanobind_add_module. Empty when unknown (cythonize's directives apply to
  // every module it compiles; a name in a CMake variable).
  std::string module;
};

// Every declaration in the sources under `source_root`, ordered by file and
// line: C and C++ (slots, SetGIL calls, PYBIND11_MODULE), Cython .pyx header
// comments, setup.py, pyproject.toml and meson.build (freethreading_compatible
// passed to Cython), Rust (#[pymodule]) and CMakeLists.txt
// (nanobind_add_module). Files over 4 MB, build output folders and vendored
// copies of pybind11, nanobind and PyO3 (whose own code declares on behalf of
// whichever module uses it) are not read. Empty when the folder cannot be read.
std::vector<Declaration> find_declarations(const std::filesystem::path& source_root);

// The declaration that applies to the module `module` (a dotted import name):
// the first whose module's last component is the last component of `module`;
// else, when all of `found` is in one file that names no module, its first.
std::optional<Declaration> declaration_for(const std::vector<Declaration>& found, const std::string& module);

}  // namespace gm::compat
