#include "compat/binary_suffix.hpp"

#include <regex>

#include <fmt/format.h>

namespace gm::compat {

namespace {

// ".cpython-313t-x86_64-linux-gnu.so" -> "cp313t", the wheel tag of that interpreter.
std::string wheel_tag(const std::string& suffix) {
  std::smatch match;
  static const std::regex cpython(R"(^\.cpython-(\d+[a-z]*)-)");
  if (std::regex_search(suffix, match, cpython)) return "cp" + match[1].str();
  return "";
}

}  // namespace

WrongBinary describe_wrong_binary(const std::filesystem::path& file, const std::string& module,
                                  const std::string& expected_suffix) {
  auto name = file.filename().string();
  auto tag = wheel_tag(expected_suffix);
  WrongBinary out;
  out.detail = fmt::format(
      "{} is built for another interpreter: this one loads extension modules named *{}, so `import {}` does not "
      "find it; the package shipped the wrong binary",
      name, expected_suffix, module);
  out.fix = fmt::format("build the extension with this interpreter{} so its file ends in {}, and publish that build",
                        tag.empty() ? "" : " (wheel tag " + tag + ")", expected_suffix);
  return out;
}

}  // namespace gm::compat
