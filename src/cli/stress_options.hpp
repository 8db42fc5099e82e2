#pragma once
#include <CLI/CLI.hpp>
#include <filesystem>
#include <optional>
#include <string>

#include "config/matrix.hpp"

namespace gm::cli {

// check's thread-safety options: --stress FILE, --threads, --iterations,
// --stress-runs, --stress-timeout, --suppressions. Their defaults and bounds
// are config::StressSettings' and the matrix's [stress] table's.
struct StressOptions {
  std::string stress_file;
  config::StressSettings values;
  std::string timeout;  // "": the default
  std::string suppressions;

  void add_to(CLI::App* command);
  // The settings; a UsageError naming the option when one is wrong.
  config::StressSettings settings() const;
  std::optional<std::filesystem::path> file() const;  // --stress, absolute
  bool requested() const { return !stress_file.empty(); }
};

}  // namespace gm::cli
