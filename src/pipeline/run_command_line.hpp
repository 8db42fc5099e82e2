#pragma once
#include <filesystem>
#include <string>
#include <vector>

// The command lines a run prints and records, made from its own argv.
namespace gm::pipeline {

// The report's "reproduce" line: `gilmatrix` and the arguments, without
// --out, --resume and --force (a new run writes to a new directory).
std::string reproduce_command(const std::vector<std::string>& argv);

// What to type to continue this run: this very binary, the same arguments,
// --out DIR and --resume.
std::string continue_command(const std::vector<std::string>& argv, const std::filesystem::path& out_dir);

}  // namespace gm::pipeline
