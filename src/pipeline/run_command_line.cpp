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

}  // namespace

std::string reproduce_command(const std::vector<std::string>& argv) {
  return shell_join(command_without_output("gilmatrix", argv));
}

std::string continue_command(const std::vector<std::string>& argv, const fs::path& out_dir) {
  std::string program = "gilmatrix";
  if (!argv.empty() && argv[0].find('/') != std::string::npos) program = fs::absolute(argv[0]).lexically_normal();
  auto words = command_without_output(program, argv);
  words.insert(words.end(), {"--out", out_dir.string(), "--resume"});
  return shell_join(words);
}

}  // namespace gm::pipeline
