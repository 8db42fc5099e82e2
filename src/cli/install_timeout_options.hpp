#pragma once
#include <CLI/CLI.hpp>
#include <chrono>
#include <string>

namespace gm::cli {

// --import-timeout and --install-timeout, shared by the commands that install
// a package and import its modules (check, bisect).
struct InstallTimeoutOptions {
  std::string import_timeout = "60s";
  std::string install_timeout = "20m";

  void add_to(CLI::App* command);
  // The two durations; a UsageError naming the option when one does not parse.
  std::chrono::milliseconds import_limit() const;
  std::chrono::milliseconds install_limit() const;
};

}  // namespace gm::cli
