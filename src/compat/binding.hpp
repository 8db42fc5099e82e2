#pragma once
#include <filesystem>
#include <optional>
#include <string>

namespace gm::compat {

enum class Binding { c_api, cython, pybind11, nanobind, pyo3 };

const char* to_string(Binding binding);

// Which binding built an extension: from its sources when we have them
// (a directory or sdist the maintainer gave), else from marks the binding
// leaves in the shared object. Plain C API when nothing else is recognised.
Binding detect_binding(const std::filesystem::path& shared_object,
                       const std::optional<std::filesystem::path>& source_dir = std::nullopt);

// How a C-API module initialises, read from the functions its shared object
// imports: multi-phase (PyInit returns PyModuleDef_Init(&def)) or
// single-phase (PyModule_Create2); unknown when it names neither.
enum class InitStyle { unknown, single_phase, multi_phase };
InitStyle detect_init_style(const std::filesystem::path& shared_object);

// What to change so the module declares it runs without the GIL; for the C
// API, the one way that fits its init style when that is known.
std::string fix_hint(Binding binding, InitStyle style = InitStyle::unknown);

// The module the GIL warning named when `module` was imported alone, when that
// is another module: `module` imports it, and that one does not declare
// support, so the fix belongs there.
struct Culprit {
  std::string module;
  std::optional<Binding> binding;  // unknown: not an extension module of the checked environment
  std::string other_distribution;  // "name version" when it is not `module`'s own distribution
};

// The fix when importing `module` switched the GIL on only through `culprit`.
std::string fix_hint_for_import(const std::string& module, const Culprit& culprit);

}  // namespace gm::compat
