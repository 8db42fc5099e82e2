#pragma once
// Every thread's C frames of a stress run that crashed (or that stress.py
// ended with SIGQUIT after a hang dump), read from the core dump the kernel
// wrote into the run's folder, with gdb ("thread apply all bt"); the core is
// removed after (sparse, but a free-threaded interpreter's reads as about a
// gigabyte). Where there is none, why: the kernel hands cores to a program
// (kernel.core_pattern), a sanitised process left none, gdb is missing.
#include <filesystem>
#include <optional>
#include <string>

#include "exec/process.hpp"

namespace gm::compat {

struct CoreStacks {
  std::string frames;  // "Thread 2 (...):" headers and "#0 ..." frames, every thread's
  std::string note;    // why there are no frames ("" when there are)
};

// The core a crashed process left in `dir` ("core" or "core.<pid>"), if any.
std::optional<std::filesystem::path> core_file_in(const std::filesystem::path& dir);

// Reads `core` (of `python`) with gdb and removes it.
CoreStacks read_core_stacks(exec::ProcessRunner& runner, const std::filesystem::path& python,
                            const std::filesystem::path& core);

// Why a crash in `dir` left no core: `core_pattern` is the kernel's
// (/proc/sys/kernel/core_pattern); a sanitised process has TSan's
// disable_coredump.
std::string why_no_core(const std::string& core_pattern, bool sanitised);

// gdb's batch output without its chatter: the thread headers and frames.
std::string backtrace_lines(const std::string& gdb_output);

}  // namespace gm::compat
