#pragma once
// The statuses results.json records, as enums. Each is written and read as
// the same words results files have always held ("re-enables GIL", "timeout",
// ...); parse_* refuses any other word.
#include <string_view>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/json_record.hpp"

namespace gm::results {

// What became of a build: usable, or why not.
enum class BuildStatus {
  ok,
  not_found,
  probe_failed,
  source_unavailable,
  source_damaged,  // every copy of the source is damaged or not the release it is named: never skipped
  build_failed,
  no_space,
  interrupted,
};

// How a cell's measurement ended.
enum class CellStatus {
  ok,
  failed,
  timeout,
  crashed,
  unsupported,  // the build has no such executor (subinterpreters before 3.13)
  not_run,      // interrupted before it ran
  no_space,     // the disk filled up while it ran: never journaled; the run stops
};

// The verdict on one extension module (or a set imported together).
enum class ModuleStatus {
  keeps_gil_disabled,
  reenables_gil,
  importable,  // GIL builds: nothing more to know
  import_error,
  crashed,
  hung,
  other_interpreter_binary,  // the installed file is named for another interpreter, which this one never loads
};

// A module's thread-safety verdict from stress runs (docs/THREAD_SAFETY.md).
enum class ThreadVerdict {
  clean,          // every run finished, no report blamed on it, and it was called into
  race,           // ThreadSanitizer reported a race (or another report) in its code
  crash,          // a run crashed while it was being driven
  hang,           // a run did not finish within the timeout
  not_exercised,  // nothing called into it beyond its import
};

// How a module says it runs without the GIL. unknown: no sources, and a GIL
// build's import cannot tell.
enum class DeclarationState { unknown, declares, does_not_declare };

const char* to_string(BuildStatus status);
const char* to_string(CellStatus status);
const char* to_string(ModuleStatus status);
const char* to_string(ThreadVerdict verdict);  // "clean", "race", "crash under threads", ...
const char* to_string(DeclarationState state);
// The status a word names; an error listing the words there are otherwise.
Expected<BuildStatus> parse_build_status(std::string_view text);
Expected<CellStatus> parse_cell_status(std::string_view text);
Expected<ModuleStatus> parse_module_status(std::string_view text);
Expected<ThreadVerdict> parse_thread_verdict(std::string_view text);
Expected<DeclarationState> parse_declaration_state(std::string_view text);
GM_JSON_ENUM_BY_NAME(BuildStatus, parse_build_status)
GM_JSON_ENUM_BY_NAME(CellStatus, parse_cell_status)
GM_JSON_ENUM_BY_NAME(ModuleStatus, parse_module_status)
GM_JSON_ENUM_BY_NAME(ThreadVerdict, parse_thread_verdict)
GM_JSON_ENUM_BY_NAME(DeclarationState, parse_declaration_state)

}  // namespace gm::results

// fmt prints a status as its word.
template <typename Status>
requires std::is_same_v<Status, gm::results::BuildStatus> || std::is_same_v<Status, gm::results::CellStatus> ||
    std::is_same_v<Status, gm::results::ModuleStatus>
struct fmt::formatter<Status> : fmt::formatter<std::string_view> {
  template <typename Context>
  auto format(Status status, Context& context) const {
    return fmt::formatter<std::string_view>::format(gm::results::to_string(status), context);
  }
};
