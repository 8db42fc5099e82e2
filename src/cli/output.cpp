#include "cli/output.hpp"

#include <cstdio>

#include "util/paths.hpp"
#include "util/terminal.hpp"

namespace gm::cli {

void write_or_print(const std::optional<std::filesystem::path>& dir, const std::string& file_name,
                    std::string_view content) {
  if (!dir) {
    std::fwrite(content.data(), 1, content.size(), stdout);
    return;
  }
  std::filesystem::create_directories(*dir);
  write_file_atomically(*dir / file_name, content);
  Terminal::instance().line("wrote " + (*dir / file_name).string());
}

}  // namespace gm::cli
