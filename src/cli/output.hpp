#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace gm::cli {

// `content` into `dir`/`file_name` (saying so on stderr) when --out was given,
// on stdout otherwise.
void write_or_print(const std::optional<std::filesystem::path>& dir, const std::string& file_name,
                    std::string_view content);

}  // namespace gm::cli
