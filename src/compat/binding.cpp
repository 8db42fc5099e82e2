#include "compat/binding.hpp"

#include <fstream>
#include <iterator>

#include <fmt/format.h>

namespace gm::compat {
namespace fs = std::filesystem;

const char* to_string(Binding binding) {
  switch (binding) {
    case Binding::c_api:
      return "C API";
    case Binding::cython:
      return "Cython";
    case Binding::pybind11:
      return "pybind11";
    case Binding::nanobind:
      return "nanobind";
    case Binding::pyo3:
      return "PyO3";
  }
  return "?";
}

namespace {

std::optional<Binding> from_sources(const fs::path& dir) {
  std::error_code ec;
  std::optional<Binding> found;
  for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    auto ext = it->path().extension().string();
    auto name = it->path().filename().string();
    if (ext == ".pyx") return Binding::cython;
    if (name == "Cargo.toml") {
      std::ifstream in(it->path());
      std::string text((std::istreambuf_iterator<char>(in)), {});
      if (text.find("pyo3") != std::string::npos) return Binding::pyo3;
    }
    if (ext == ".cpp" || ext == ".cc" || ext == ".cxx" || ext == ".txt" || ext == ".toml") {
      std::ifstream in(it->path());
      std::string text((std::istreambuf_iterator<char>(in)), {});
      if (text.find("nanobind") != std::string::npos)
        found = Binding::nanobind;
      else if (text.find("pybind11") != std::string::npos && !found)
        found = Binding::pybind11;
    }
  }
  return found;
}

std::optional<Binding> from_shared_object(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  if (bytes.find("__pyx_") != std::string::npos) return Binding::cython;
  if (bytes.find("nanobind") != std::string::npos) return Binding::nanobind;
  if (bytes.find("pybind11") != std::string::npos) return Binding::pybind11;
  if (bytes.find("pyo3") != std::string::npos) return Binding::pyo3;
  return std::nullopt;
}

}  // namespace

Binding detect_binding(const fs::path& shared_object, const std::optional<fs::path>& source_dir) {
  if (source_dir && fs::is_directory(*source_dir))
    if (auto binding = from_sources(*source_dir)) return *binding;
  return from_shared_object(shared_object).value_or(Binding::c_api);
}

InitStyle detect_init_style(const fs::path& shared_object) {
  std::ifstream in(shared_object, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  // Both names are in the dynamic symbol table of any module that calls them.
  if (bytes.find("PyModuleDef_Init") != std::string::npos) return InitStyle::multi_phase;
  if (bytes.find("PyModule_Create2") != std::string::npos) return InitStyle::single_phase;
  return InitStyle::unknown;
}

std::string fix_hint(Binding binding, InitStyle style) {
  // Declaring is a promise: the interpreter stops protecting the module.
  constexpr const char* kPromise =
      "; declaring is a promise that the module is thread-safe without the GIL, not a switch that makes it so";
  switch (binding) {
    case Binding::c_api:
      switch (style) {
        case InitStyle::single_phase:
          return std::string(
                     "the module uses single-phase init (PyModule_Create): call "
                     "PyUnstable_Module_SetGIL(module, Py_MOD_GIL_NOT_USED) after PyModule_Create, inside "
                     "#ifdef Py_GIL_DISABLED") +
                 kPromise;
        case InitStyle::multi_phase:
          return std::string(
                     "the module uses multi-phase init (PyModuleDef_Init): add {Py_mod_gil, "
                     "Py_MOD_GIL_NOT_USED} to its PyModuleDef_Slot array, inside #ifdef Py_mod_gil") +
                 kPromise;
        case InitStyle::unknown:
          break;
      }
      return std::string(
                 "declare free-threading support: add {Py_mod_gil, Py_MOD_GIL_NOT_USED} to the module's "
                 "PyModuleDef_Slot array (multi-phase init), or call PyUnstable_Module_SetGIL(module, "
                 "Py_MOD_GIL_NOT_USED) after PyModule_Create (single-phase init), inside #ifdef "
                 "Py_GIL_DISABLED") +
             kPromise;
    case Binding::cython:
      return "add `# cython: freethreading_compatible = True` at the top of the .pyx file (Cython 3.1+), or "
             "pass the directive freethreading_compatible=True to cythonize";
    case Binding::pybind11:
      return "declare the module with py::mod_gil_not_used(): PYBIND11_MODULE(name, m, py::mod_gil_not_used()) "
             "(pybind11 2.13+)";
    case Binding::nanobind:
      return "build with nanobind_add_module(name FREE_THREADED ...) in CMakeLists.txt (nanobind 2.2+)";
    case Binding::pyo3:
      return "mark the module #[pymodule(gil_used = false)] (PyO3 0.23+)";
  }
  return "";
}

std::string fix_hint_for_import(const std::string& module, const Culprit& culprit) {
  auto what = fmt::format(
      "change {0}, not {1}: {1} imports {0}, which does not declare free-threading support "
      "(the RuntimeWarning names {0})",
      culprit.module, module);
  if (!culprit.binding)
    return what + fmt::format(
                      "; {} is not an extension module this environment installed: update or fix whatever "
                      "provides it, or do not import it on free-threaded builds",
                      culprit.module);
  if (!culprit.other_distribution.empty())
    return what + fmt::format(
                      "; {} comes from {}: use a release of it that declares support, or ask its "
                      "maintainers to ({}: {})",
                      culprit.module, culprit.other_distribution, to_string(*culprit.binding),
                      fix_hint(*culprit.binding));
  return what +
         fmt::format("; in {} ({}), {}", culprit.module, to_string(*culprit.binding), fix_hint(*culprit.binding));
}

}  // namespace gm::compat
