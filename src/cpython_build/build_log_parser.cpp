#include "cpython_build/build_log_parser.hpp"

#include <algorithm>
#include <sstream>

#include "util/strings.hpp"

namespace gm::cpython_build {

namespace {
// Module names printed in columns after `header`, up to a blank line or "To find ...",
// each once: make prints the summary again when it checks the modules again
// (3.14 printed "_zstd" twice in one log).
std::vector<std::string> names_after(const std::vector<std::string>& lines, std::string_view header) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find(header) == std::string::npos) continue;
    for (std::size_t j = i + 1; j < lines.size(); ++j) {
      auto line = trim(lines[j]);
      if (line.empty() || line.starts_with("To find")) break;
      std::istringstream words(line);
      std::string word;
      while (words >> word)
        if (std::find(names.begin(), names.end(), word) == names.end()) names.push_back(word);
    }
  }
  return names;
}
}  // namespace

ModuleCheck parse_module_check(std::string_view make_output) {
  auto lines = split_lines(make_output);
  return {names_after(lines, "The necessary bits to build these optional modules were not found:"),
          names_after(lines, "but were removed because they could not be imported:")};
}

}  // namespace gm::cpython_build
