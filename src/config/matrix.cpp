#include "config/matrix.hpp"

namespace gm::config {

std::string SourcePosition::describe() const {
  if (line == 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

namespace {
// One row per executor: the loader, the selection flags, EXPECTED_SPEEDUP and
// the runner's --executor all read these names.
struct ExecutorName {
  Executor executor;
  const char* name;
};
constexpr ExecutorName kExecutors[] = {
    {Executor::threads, "threads"},
    {Executor::processes, "processes"},
    {Executor::interpreters, "interpreters"},
    {Executor::asyncio, "asyncio"},
    {Executor::thread_pool, "thread-pool"},
    {Executor::process_pool, "process-pool"},
    {Executor::interpreter_pool, "interpreter-pool"},
};
}  // namespace

const char* to_string(Executor executor) {
  for (const auto& row : kExecutors)
    if (row.executor == executor) return row.name;
  return "?";
}

const std::vector<std::string>& executor_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& row : kExecutors) out.emplace_back(row.name);
    return out;
  }();
  return names;
}

const char* to_string(GilMode mode) {
  switch (mode) {
    case GilMode::default_mode:
      return "default";
    case GilMode::off:
      return "off";
    case GilMode::on:
      return "on";
  }
  return "?";
}

const char* to_string(Isolation isolation) { return isolation == Isolation::exclusive ? "exclusive" : "packed"; }

std::optional<Isolation> parse_isolation(const std::string& text) {
  for (auto i : {Isolation::packed, Isolation::exclusive})
    if (text == to_string(i)) return i;
  return std::nullopt;
}

std::optional<Executor> parse_executor(const std::string& text) {
  for (const auto& row : kExecutors)
    if (text == row.name) return row.executor;
  return std::nullopt;
}

std::optional<GilMode> parse_gil_mode(const std::string& text) {
  for (auto m : {GilMode::default_mode, GilMode::off, GilMode::on})
    if (text == to_string(m)) return m;
  return std::nullopt;
}

const BuildSpec* Matrix::find_build(const std::string& build_name) const {
  for (const auto& b : builds)
    if (b.name == build_name) return &b;
  return nullptr;
}

const PackageSet* Matrix::find_packages(const std::string& set_name) const {
  for (const auto& p : packages)
    if (p.name == set_name) return &p;
  return nullptr;
}

}  // namespace gm::config
