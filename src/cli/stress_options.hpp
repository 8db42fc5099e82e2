#pragma once
#include <CLI/CLI.hpp>
#include <string>

#include <filesystem>
#include <optional>

#include "config/matrix.hpp"

namespace gm::cli {

// check's thread-safety options: --stress FILE, --threads, --iterations,
// --stress-runs, --stress-timeout, --suppressions.
struct StressOptions {
  std::string stress_file;
  int threads = 8;
  int iterations = 100;
  int runs = 10;
  std::string timeout = "120s";
  std::string suppressions;

  void add_to(CLI::App* command);
  // The settings; a UsageError naming the option when one is wrong.
  config::StressSettings settings() const;
  std::optional<std::filesystem::path> file() const;  // --stress, absolute
  bool requested() const { return !stress_file.empty(); }
};

}  // namespace gm::cli
