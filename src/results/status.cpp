#include "results/status.hpp"

#include <array>
#include <string>
#include <utility>

namespace gm::results {
namespace {

template <typename Status, std::size_t N>
const char* word_of(const std::array<std::pair<Status, const char*>, N>& words, Status status) {
  for (const auto& [value, word] : words)
    if (value == status) return word;
  return "?";
}

template <typename Status, std::size_t N>
Expected<Status> status_of(const std::array<std::pair<Status, const char*>, N>& words, std::string_view text) {
  std::string known;
  for (const auto& [value, word] : words) {
    if (text == word) return value;
    known += (known.empty() ? "\"" : ", \"") + std::string(word) + "\"";
  }
  return fail(fmt::format("\"{}\" is not one of {}", text, known));
}

constexpr std::array<std::pair<BuildStatus, const char*>, 8> kBuildWords{{
    {BuildStatus::ok, "ok"},
    {BuildStatus::not_found, "interpreter not found"},
    {BuildStatus::probe_failed, "probe failed"},
    {BuildStatus::source_unavailable, "source unavailable"},
    {BuildStatus::source_damaged, "source damaged"},
    {BuildStatus::build_failed, "build failed"},
    {BuildStatus::no_space, "disk full"},
    {BuildStatus::interrupted, "interrupted"},  // Ctrl-C or SIGTERM during the build: no failure of it
}};

constexpr std::array<std::pair<CellStatus, const char*>, 7> kCellWords{{
    {CellStatus::ok, "ok"},
    {CellStatus::failed, "failed"},
    {CellStatus::timeout, "timeout"},
    {CellStatus::crashed, "crashed"},
    {CellStatus::unsupported, "unsupported"},
    {CellStatus::not_run, "not run"},
    {CellStatus::no_space, "no space"},
}};

constexpr std::array<std::pair<ModuleStatus, const char*>, 7> kModuleWords{{
    {ModuleStatus::keeps_gil_disabled, "keeps GIL disabled"},
    {ModuleStatus::reenables_gil, "re-enables GIL"},
    {ModuleStatus::importable, "importable"},
    {ModuleStatus::import_error, "import error"},
    {ModuleStatus::crashed, "crashed"},
    {ModuleStatus::hung, "hung"},
    {ModuleStatus::other_interpreter_binary, "built for another interpreter"},
}};

constexpr std::array<std::pair<ThreadVerdict, const char*>, 5> kThreadWords{{
    {ThreadVerdict::clean, "clean"},
    {ThreadVerdict::race, "race"},
    {ThreadVerdict::crash, "crash under threads"},
    {ThreadVerdict::hang, "hang under threads"},
    {ThreadVerdict::not_exercised, "not exercised"},
}};

constexpr std::array<std::pair<DeclarationState, const char*>, 3> kDeclarationWords{{
    {DeclarationState::unknown, "unknown"},
    {DeclarationState::declares, "declares support"},
    {DeclarationState::does_not_declare, "does not declare"},
}};

}  // namespace

const char* to_string(ThreadVerdict verdict) { return word_of(kThreadWords, verdict); }
const char* to_string(DeclarationState state) { return word_of(kDeclarationWords, state); }
Expected<ThreadVerdict> parse_thread_verdict(std::string_view text) { return status_of(kThreadWords, text); }
Expected<DeclarationState> parse_declaration_state(std::string_view text) { return status_of(kDeclarationWords, text); }
const char* to_string(BuildStatus status) { return word_of(kBuildWords, status); }
const char* to_string(CellStatus status) { return word_of(kCellWords, status); }
const char* to_string(ModuleStatus status) { return word_of(kModuleWords, status); }
Expected<BuildStatus> parse_build_status(std::string_view text) { return status_of(kBuildWords, text); }
Expected<CellStatus> parse_cell_status(std::string_view text) { return status_of(kCellWords, text); }
Expected<ModuleStatus> parse_module_status(std::string_view text) { return status_of(kModuleWords, text); }

}  // namespace gm::results
