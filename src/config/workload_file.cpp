#include "config/workload_file.hpp"

#include <fmt/format.h>

#include "util/hash.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"

namespace gm::config {
namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kLargestWorkload = 4 << 20;

bool skip(std::string_view& line, std::string_view word) {
  if (!line.starts_with(word)) return false;
  line.remove_prefix(word.size());
  return true;
}

bool spaces(std::string_view& line) {
  std::size_t n = line.find_first_not_of(" \t");
  line.remove_prefix(n == std::string_view::npos ? line.size() : n);
  return n != 0;
}

}  // namespace

bool defines_work(std::string_view text) {
  for (const auto& whole : split_lines(text)) {
    std::string_view line = whole;
    if (skip(line, "async") && !spaces(line)) continue;
    if (skip(line, "def") && spaces(line) && skip(line, "work")) {
      spaces(line);
      if (line.starts_with("(")) return true;
    } else if (line = whole; skip(line, "work")) {
      spaces(line);
      if (line.starts_with("=") && !line.starts_with("==")) return true;
    }
  }
  return false;
}

Expected<std::string> check_workload_file(const fs::path& file) {
  std::error_code ec;
  auto size = fs::file_size(file, ec);
  if (ec || size > kLargestWorkload)
    return fail(
        fmt::format("{} is not a workload file: it is larger than {} MiB", file.string(), kLargestWorkload >> 20));
  auto text = read_text_file(file);
  if (!text) return fail(fmt::format("cannot read workload file {}", file.string()));
  if (!defines_work(*text))
    return fail(
        fmt::format("{} is not a workload: it defines no top-level `def work(state):` "
                    "(see workloads/README.md for the protocol)",
                    file.string()));
  return sha256_hex(*text);
}

}  // namespace gm::config
