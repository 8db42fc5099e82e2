#include "compat/core_stacks.hpp"

#include <cctype>

#include <fmt/format.h>

#include "util/paths.hpp"
#include "util/strings.hpp"

namespace gm::compat {
namespace fs = std::filesystem;

namespace {

bool is_core_name(const std::string& name) {
  if (name == "core") return true;
  if (!name.starts_with("core.") || name.size() == 5) return false;
  return name.find_first_not_of("0123456789", 5) == std::string::npos;
}

}  // namespace

std::optional<fs::path> core_file_in(const fs::path& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file(ec) && is_core_name(entry.path().filename().string())) return entry.path();
  return std::nullopt;
}

std::string backtrace_lines(const std::string& gdb_output) {
  std::string out;
  for (const auto& line : split_lines(gdb_output)) {
    auto text = trim(line);
    if (text.starts_with("Thread ") && text.ends_with(":")) {
      if (!out.empty()) out += "\n";
      out += text + "\n";
    } else if (!out.empty() && text.size() > 1 && text[0] == '#' && std::isdigit(static_cast<unsigned char>(text[1]))) {
      out += text + "\n";  // a frame of the thread above (gdb's own line for the current frame comes before any)
    }
  }
  return out;
}

CoreStacks read_core_stacks(exec::ProcessRunner& runner, const fs::path& python, const fs::path& core) {
  exec::ProcessSpec spec;
  spec.argv = {"gdb",
               "-nx",
               "-batch",
               "-iex",
               "set auto-load off",
               "-ex",
               "set pagination off",
               "-ex",
               "thread apply all bt",
               python.string(),
               core.string()};
  spec.env = exec::Environment::minimal_from_parent();
  spec.timeout = std::chrono::seconds(120);
  spec.output_cap = 512 * 1024;
  auto result = runner.run(spec);
  std::error_code ec;
  fs::remove(core, ec);
  CoreStacks out;
  if (result.outcome == exec::ProcessResult::Outcome::failed_to_start) {
    out.note =
        fmt::format("no C frames: gdb could not be started ({}); install it (apt-get install gdb)", result.start_error);
    return out;
  }
  out.frames = backtrace_lines(result.out);
  if (out.frames.empty())
    out.note = fmt::format("no C frames: gdb read no stack from the core ({}): {}", result.describe(),
                           trim(tail_lines(result.err, 3)));
  return out;
}

std::string why_no_core(const std::string& core_pattern, bool sanitised) {
  if (sanitised)
    return "no C frames of every thread: the sanitised process left no core (ThreadSanitizer can turn core dumps "
           "off, disable_coredump); the same stress on the plain free-threaded build writes one";
  auto pattern = trim(core_pattern);
  if (pattern.starts_with("|"))
    return fmt::format(
        "no C frames of every thread: the kernel hands core dumps to {} (kernel.core_pattern), not to the run's "
        "folder; `sysctl kernel.core_pattern=core` keeps them there",
        pattern.substr(1, pattern.find(' ') == std::string::npos ? std::string::npos : pattern.find(' ') - 1));
  return fmt::format(
      "no C frames of every thread: the crash left no core in the run's folder (kernel.core_pattern "
      "is `{}`, and the hard limit of core size may be 0: ulimit -Hc)",
      pattern);
}

}  // namespace gm::compat
