#include <string.h>

#include <fmt/format.h>

#include "exec/interrupt.hpp"
#include "exec/process.hpp"

namespace gm::exec {

std::string signal_name(int signal) {
  if (const char* abbrev = sigabbrev_np(signal)) return std::string("SIG") + abbrev;
  return "signal " + std::to_string(signal);
}

std::string ProcessResult::describe() const {
  switch (outcome) {
    case Outcome::exited:
      return fmt::format("exited with code {}", exit_code);
    case Outcome::signaled:
      return "killed by " + signal_name(signal);
    case Outcome::timed_out:
      return fmt::format("timed out after {:.1f}s (every process it started was killed)", wall_seconds);
    case Outcome::interrupted:
      return interruption_description(interrupt_signal());
    case Outcome::failed_to_start:
      return "could not start: " + start_error;
  }
  return "unknown outcome";
}

}  // namespace gm::exec
