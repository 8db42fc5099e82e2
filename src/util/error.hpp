#pragma once
// Two tiers of errors: low layers return Expected<T> for failures their caller
// handles; high layers throw Error, which carries the user-facing message and the
// exit code. The CLI catches Error in exactly one place.
#include <stdexcept>
#include <string>
#include <vector>

#include <tl/expected.hpp>

namespace gm {

enum class ExitCode : int {
  ok = 0,
  findings = 1,        // the run found what the user asked to fail on
  usage = 2,           // bad command line or configuration
  infrastructure = 3,  // build failed, source unavailable, disk, ...
  interrupted = 130,   // Ctrl-C
};

class Error : public std::runtime_error {
 public:
  Error(ExitCode code, std::string message) : std::runtime_error(std::move(message)), code_(code) {}
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

struct UsageError : Error {
  explicit UsageError(std::string message) : Error(ExitCode::usage, std::move(message)) {}
};

// Several independent problems found in one pass (every error in a matrix
// file): the CLI prints one `gilmatrix: error:` line for each.
struct UsageErrors : UsageError {
  explicit UsageErrors(std::vector<std::string> all) : UsageError(joined(all)), messages(std::move(all)) {}
  std::vector<std::string> messages;

 private:
  static std::string joined(const std::vector<std::string>& all) {
    std::string text;
    for (const auto& message : all) text += (text.empty() ? "" : "\n") + message;
    return text;
  }
};

struct InfraError : Error {
  explicit InfraError(std::string message) : Error(ExitCode::infrastructure, std::move(message)) {}
};

template <class T>
using Expected = tl::expected<T, std::string>;
using Unexpected = tl::unexpected<std::string>;

inline Unexpected fail(std::string message) { return Unexpected(std::move(message)); }

}  // namespace gm
