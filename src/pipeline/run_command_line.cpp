#include "pipeline/run_command_line.hpp"

#include "util/strings.hpp"

namespace gm::pipeline {
namespace fs = std::filesystem;

namespace {

// `program` and argv's words but --out, --resume and --force (with their values).
std::vector<std::string> command_without_output(const std::string& program, const std::vector<std::string>& argv) {
  std::vector<std::string> words{program};
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const auto& word = argv[i];
    if (word == "--resume" || word == "--force" || word.starts_with("--out=") || word.starts_with("-o=")) continue;
    if (word == "--out" || word == "-o") {
      ++i;
      continue;
    }
    if (word.starts_with("-o") && !word.starts_with("--")) continue;  // -oDIR
    words.push_back(word);
  }
  return words;
}

fs::path normalized(const fs::path& path) {
  auto out = fs::absolute(path).lexically_normal();
  return out.has_filename() ? out : out.parent_path();  // "/x/cache/" is "/x/cache"
}

bool same_directory(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  return fs::equivalent(a, b, ec) || normalized(a) == normalized(b);
}

// `words` without `--cache DIR` (or --cache=DIR) when DIR is the cache the
// command would use without it: a pasted command then needs no cache named.
std::vector<std::string> without_default_cache(std::vector<std::string> words,
                                               const std::optional<fs::path>& default_cache) {
  if (!default_cache) return words;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const auto& word = words[i];
    if (word == "--cache" && i + 1 < words.size() && same_directory(words[i + 1], *default_cache)) {
      ++i;
      continue;
    }
    if (word.starts_with("--cache=") && same_directory(word.substr(8), *default_cache)) continue;
    out.push_back(word);
  }
  return out;
}

}  // namespace

std::string reproduce_command(const std::vector<std::string>& argv, const std::optional<fs::path>& default_cache) {
  return shell_join(without_default_cache(command_without_output("gilmatrix", argv), default_cache));
}

std::string continue_command(const std::vector<std::string>& argv, const fs::path& out_dir) {
  std::string program = "gilmatrix";
  if (!argv.empty() && argv[0].find('/') != std::string::npos) program = fs::absolute(argv[0]).lexically_normal();
  auto words = command_without_output(program, argv);
  words.insert(words.end(), {"--out", out_dir.string(), "--resume"});
  return shell_join(words);
}

}  // namespace gm::pipeline
