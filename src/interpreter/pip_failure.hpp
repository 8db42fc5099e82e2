#pragma once
// Why a `pip install` failed, in one line a person can act on. pip ends every
// failed build with the same boilerplate ("metadata-generation-failed", "This
// is an issue with the package mentioned above, not pip"); the reason is
// earlier: a compiler error, the exception a setup.py raised, or pip's own
// "ERROR: No matching distribution found for ...".
#include <string>
#include <string_view>

namespace gm::interpreter {

struct PipFailure {
  std::string cause;          // the one line that says why (never empty when the output has any text)
  std::string excerpt;        // a few lines of the output around that line
  bool out_of_space = false;  // "No space left on device", "[Errno 28]", a full quota: not the package's fault
};

PipFailure explain_pip_failure(std::string_view output);

}  // namespace gm::interpreter
