#include "report/portable_paths.hpp"

#include <algorithm>
#include <cctype>


namespace gm::report {

namespace {

bool path_character(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || std::string_view("._-+~@%/").find(c) != std::string_view::npos;
}

std::string without_trailing_slash(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

}  // namespace

PortablePaths::PortablePaths(std::string cache_dir, std::string working_dir, std::string home) {
  auto add = [&](std::string prefix, std::string replacement, bool relative) {
    prefix = without_trailing_slash(std::move(prefix));
    if (prefix.size() < 2 || prefix.front() != '/') return;  // never rewrite "/" or a relative path
    rules_.push_back({std::move(prefix), std::move(replacement), relative});
  };
  add(cache_dir, "$GILMATRIX_CACHE", false);
  add(home, "~", false);
  add(working_dir, ".", true);
  std::stable_sort(rules_.begin(), rules_.end(),
                   [](const Rule& a, const Rule& b) { return a.prefix.size() > b.prefix.size(); });
}

PortablePaths PortablePaths::for_run(const results::RunResults& run) {
  return PortablePaths(run.cache_dir, run.environment.working_directory, run.environment.home);
}

std::string PortablePaths::apply(std::string_view text) const {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    bool replaced = false;
    if (text[i] == '/' && (i == 0 || !path_character(text[i - 1]))) {
      for (const auto& rule : rules_) {
        if (text.substr(i, rule.prefix.size()) != rule.prefix) continue;
        std::size_t end = i + rule.prefix.size();
        bool at_end = end == text.size() || !path_character(text[end]);
        bool at_slash = end < text.size() && text[end] == '/';
        if (!at_end && !at_slash) continue;
        if (rule.relative && at_slash) {
          end += 1;  // "/work/repo/matrices/x.toml" -> "matrices/x.toml"
        } else {
          out += rule.replacement;
        }
        i = end;
        replaced = true;
        break;
      }
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

std::string PortablePaths::legend() {
  return "Paths are written so that this report reads the same on any machine: `$GILMATRIX_CACHE` is "
         "gilmatrix's cache (`--cache DIR`, else the `GILMATRIX_CACHE` environment variable, else "
         "`$XDG_CACHE_HOME/gilmatrix` or `~/.cache/gilmatrix`), `~` the home directory, and relative paths "
         "are relative to the directory the run was started in; run the commands from there. `results.json` "
         "keeps the full paths.\n";
}

}  // namespace gm::report
