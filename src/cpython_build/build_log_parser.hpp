#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace gm::cpython_build {

struct ModuleCheck {
  std::vector<std::string> missing;           // "necessary bits ... were not found"
  std::vector<std::string> failed_on_import;  // "built successfully but were removed"
};

// Reads CPython's own end-of-build report (Tools/build/check_extension_modules.py)
// out of the make output.
ModuleCheck parse_module_check(std::string_view make_output);

}  // namespace gm::cpython_build
