#pragma once
#include <filesystem>

#include "exec/process.hpp"
#include "harness/protocol.hpp"
#include "util/error.hpp"

namespace gm::interpreter {

// Runs the embedded probe script under `python` (PYTHON_GIL unset) and reads
// what kind of interpreter it is. The error says why it could not be probed.
Expected<harness::ProbeInfo> probe_interpreter(exec::ProcessRunner& runner, const std::filesystem::path& python,
                                               const std::filesystem::path& scripts_dir);

}  // namespace gm::interpreter
