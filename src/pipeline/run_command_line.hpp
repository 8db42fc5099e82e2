#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

// The command lines a run prints and records, made from its own argv.
namespace gm::pipeline {

// The report's "reproduce" line: `gilmatrix` and the arguments, each quoted
// for the shell, without --out, --resume and --force (a new run writes to a new
// directory) and without --cache when it names `default_cache`, the cache the
// command uses without it.
std::string reproduce_command(const std::vector<std::string>& argv,
                              const std::optional<std::filesystem::path>& default_cache);

// What to type to continue this run: this very binary, the same arguments,
// --out DIR and --resume.
std::string continue_command(const std::vector<std::string>& argv, const std::filesystem::path& out_dir);

}  // namespace gm::pipeline
