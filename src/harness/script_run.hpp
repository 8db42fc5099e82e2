#pragma once
// Running one of the embedded Python scripts: each writes its result as JSON
// to a file named on its command line. One place starts it, reads the file
// back and says what went wrong, so the probe, the import check, the listing
// of a venv's extension modules and the measurement runner classify a script
// that hung, crashed or wrote nothing the same way.
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "exec/process.hpp"

namespace gm::harness {

struct ScriptRun {
  enum class Problem {
    none,         // exited 0 and wrote readable JSON
    timed_out,    // killed at spec.timeout, with every process it started
    crashed,      // killed by a signal
    interrupted,  // Ctrl-C
    not_started,  // the interpreter could not be started
    exited,       // exited with a code other than 0
    no_output,    // exited 0 but wrote no result file
    unreadable,   // the result file is not JSON
  };

  exec::ProcessResult process;
  Problem problem = Problem::none;
  std::optional<std::string> text;  // the result file as written, when it exists
  nlohmann::json output;            // parsed; discarded (is_discarded()) unless readable

  bool ok() const { return problem == Problem::none; }
  // The last `lines` lines of the script's stderr, trimmed ("" when none).
  std::string stderr_tail(int lines) const;
  // "killed by SIGSEGV: <stderr tail>", "exited with code 1: ...", "wrote no result", ...
  std::string describe(int stderr_lines = 3) const;
};

// Runs `spec` (its argv names the script and `output`), then reads and parses
// `output`. The file is left where it is: the caller owns its directory.
ScriptRun run_script(exec::ProcessRunner& runner, const exec::ProcessSpec& spec, const std::filesystem::path& output);

}  // namespace gm::harness
