#pragma once
// An installed extension whose file name says it was built for another
// interpreter (.cpython-313-x86_64-linux-gnu.so on a free-threaded 3.13t):
// this interpreter never loads it, so the package shipped the wrong binary.
#include <filesystem>
#include <string>

namespace gm::compat {

struct WrongBinary {
  std::string detail;  // what was found and what this interpreter loads
  std::string fix;
};

// `expected_suffix` is the interpreter's EXT_SUFFIX (from its probe).
WrongBinary describe_wrong_binary(const std::filesystem::path& file, const std::string& module,
                                  const std::string& expected_suffix);

}  // namespace gm::compat
