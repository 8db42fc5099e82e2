#include "cli/install_timeout_options.hpp"

#include "util/duration.hpp"
#include "util/error.hpp"

namespace gm::cli {

namespace {
std::chrono::milliseconds parsed(const std::string& option, const std::string& text) {
  auto duration = parse_duration(text);
  if (!duration) throw UsageError(option + ": " + duration.error());
  return *duration;
}
}  // namespace

void InstallTimeoutOptions::add_to(CLI::App* command) {
  command->add_option("--import-timeout", import_timeout, "How long one import may take before it counts as hung");
  command->add_option("--install-timeout", install_timeout,
                      "How long one `pip install` (building the extension included) may take (default 20m)");
}

std::chrono::milliseconds InstallTimeoutOptions::import_limit() const {
  return parsed("--import-timeout", import_timeout);
}

std::chrono::milliseconds InstallTimeoutOptions::install_limit() const {
  return parsed("--install-timeout", install_timeout);
}

}  // namespace gm::cli
