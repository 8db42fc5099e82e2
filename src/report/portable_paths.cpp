#include "report/portable_paths.hpp"

#include <algorithm>
#include <cctype>

#include "util/strings.hpp"

namespace gm::report {

namespace {

bool path_character(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
         std::string_view("._-+~@%/").find(c) != std::string_view::npos;
}

constexpr std::string_view kCachePlaceholder = "$GILMATRIX_CACHE";
constexpr std::string_view kCacheForTheShell =
    "\"${GILMATRIX_CACHE:?set GILMATRIX_CACHE to the gilmatrix cache to use}\"";

// One rewritten word for the shell: its placeholders as the shell expands them,
// the rest quoted.
std::string quoted_portable_word(const std::string& word) {
  std::string out;
  std::string_view rest = word;
  if (rest == "~") return "~";
  if (rest.starts_with("~/")) {  // the slash unquoted: `~'/x'` is not expanded
    out += "~/";
    rest.remove_prefix(2);
  }
  while (!rest.empty()) {
    auto at = rest.find(kCachePlaceholder);
    auto home = rest.find("~/");
    auto next = std::min(at, home);
    if (next > 0) out += shell_quote(rest.substr(0, std::min(next, rest.size())));
    if (next == std::string_view::npos) break;
    if (next == at) {
      out += kCacheForTheShell;
      rest.remove_prefix(at + kCachePlaceholder.size());
    } else {
      out += "\"$HOME\"/";
      rest.remove_prefix(home + 2);
    }
  }
  return out.empty() ? "''" : out;
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

std::string PortablePaths::apply_to_command(std::string_view command) const {
  std::string out;
  for (const auto& word : shell_split(command)) {
    if (!out.empty()) out += ' ';
    out += quoted_portable_word(apply(word));
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
