#include "config/matrix.hpp"

namespace gm::config {

std::string SourcePosition::describe() const {
  if (line == 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

const char* to_string(Executor executor) {
  switch (executor) {
    case Executor::threads: return "threads";
    case Executor::processes: return "processes";
    case Executor::interpreters: return "interpreters";
    case Executor::asyncio: return "asyncio";
  }
  return "?";
}

const char* to_string(GilMode mode) {
  switch (mode) {
    case GilMode::default_mode: return "default";
    case GilMode::off: return "off";
    case GilMode::on: return "on";
  }
  return "?";
}

const char* to_string(Isolation isolation) {
  return isolation == Isolation::exclusive ? "exclusive" : "packed";
}

std::optional<Isolation> parse_isolation(const std::string& text) {
  for (auto i : {Isolation::packed, Isolation::exclusive})
    if (text == to_string(i)) return i;
  return std::nullopt;
}

std::optional<Executor> parse_executor(const std::string& text) {
  for (auto e : {Executor::threads, Executor::processes, Executor::interpreters, Executor::asyncio})
    if (text == to_string(e)) return e;
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
