#include "compat/tsan_report.hpp"

#include <algorithm>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "util/paths.hpp"
#include "util/strings.hpp"

namespace gm::compat {

namespace {

constexpr std::string_view kRule = "==================";

// "    #3 releaseNode /src/pvectorcmodule.c:212:5 (pvectorc.cpython-314t-x86_64-linux-gnu.so+0x5a1c)"
std::optional<TsanFrame> parse_frame(const std::string& line) {
  static const std::regex frame(R"(\s*#[0-9]+\s+(.*)\s+\((.+)\+0x[0-9a-fA-F]+\)\s*)");
  std::smatch m;
  if (!std::regex_match(line, m, frame)) return std::nullopt;
  TsanFrame f;
  f.object = m[2].str();
  auto slash = f.object.rfind('/');
  if (slash != std::string::npos) f.object = f.object.substr(slash + 1);
  std::string rest = m[1].str();
  // The location is the last word: "file:line[:column]" or "<null>".
  auto space = rest.rfind(' ');
  std::string location = space == std::string::npos ? "" : rest.substr(space + 1);
  f.function = space == std::string::npos ? rest : rest.substr(0, space);
  static const std::regex file_line(R"((.+?):([0-9]+)(?::[0-9]+)?)");
  std::smatch l;
  if (std::regex_match(location, l, file_line)) {
    f.file = l[1].str();
    f.line = std::stoi(l[2].str());
  } else if (location != "<null>") {
    f.function = rest;  // no location word: the whole text names the function
  }
  return f;
}

TsanReport parse_report(const std::vector<std::string>& lines) {
  TsanReport report;
  static const std::regex warning(R"(WARNING: ThreadSanitizer: (.*?)(?: \(pid=[0-9]+\))?\s*)");
  std::vector<TsanFrame>* stack = nullptr;
  for (const auto& line : lines) {
    report.text += line + "\n";
    std::smatch m;
    if (report.kind.empty() && std::regex_match(line, m, warning)) {
      report.kind = m[1].str();
      continue;
    }
    if (line.starts_with("SUMMARY: ThreadSanitizer: ")) {
      report.summary = line.substr(std::string_view("SUMMARY: ThreadSanitizer: ").size());
      continue;
    }
    if (auto frame = parse_frame(line)) {
      if (stack == nullptr) stack = &report.stacks.emplace_back();
      stack->push_back(*frame);
    } else {
      stack = nullptr;  // a heading or a blank line ends a stack
    }
  }
  return report;
}

bool is_interpreter_or_system(const std::string& object) {
  for (std::string_view prefix : {"python", "libpython", "libtsan", "libc.so", "libc-", "ld-linux", "libm.so",
                                  "libstdc++", "libgcc_s", "libpthread", "libdl", "[vdso]"}) {
    if (object.starts_with(prefix)) return true;
  }
  return false;
}

}  // namespace

TsanLog parse_tsan_log(const std::string& text) {
  TsanLog log;
  std::istringstream in(text);
  std::string line;
  std::vector<std::string> block;
  bool inside = false;
  static const std::regex matched(R"(ThreadSanitizer: Matched [0-9]+ suppressions.*)");
  static const std::regex hit(R"(\s*([0-9]+) (\S+:.*?)\s*)");
  bool in_suppressions = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find("FATAL: ThreadSanitizer:") != std::string::npos && !log.fatal) log.fatal = trim(line);
    if (line == kRule) {
      if (inside && !block.empty()) log.reports.push_back(parse_report(block));
      block.clear();
      inside = !inside;
      in_suppressions = false;
      continue;
    }
    if (inside) {
      block.push_back(line);
      continue;
    }
    if (std::regex_match(line, matched)) {
      in_suppressions = true;
      continue;
    }
    std::smatch m;
    if (in_suppressions && std::regex_match(line, m, hit)) {
      log.suppressed.push_back({m[2].str(), std::stoi(m[1].str())});
      continue;
    }
    in_suppressions = false;
  }
  if (inside && !block.empty()) log.reports.push_back(parse_report(block));  // cut short by a crash
  return log;
}

TsanLogs read_tsan_logs(const std::filesystem::path& dir, const std::string& prefix) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.is_regular_file(ec) && entry.path().filename().string().starts_with(prefix))
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  TsanLogs out;
  out.files = static_cast<int>(files.size());
  for (const auto& file : files) {
    auto log = parse_tsan_log(read_text_file(file).value_or(""));
    for (auto& report : log.reports) {
      report.log = file.string();
      out.merged.reports.push_back(std::move(report));
    }
    out.merged.suppressed.insert(out.merged.suppressed.end(), log.suppressed.begin(), log.suppressed.end());
    if (log.fatal && !out.merged.fatal) out.merged.fatal = log.fatal;
  }
  return out;
}

std::optional<std::string> explain_tsan_fatal(const std::string& fatal) {
  if (fatal.find("unexpected memory mapping") == std::string::npos) return std::nullopt;
  return "ThreadSanitizer cannot run on this kernel's address-space randomisation (" + fatal +
         "): it supports at most 28 bits of mmap entropy. Lower it with `sudo sysctl vm.mmap_rnd_bits=28` "
         "(add vm.mmap_rnd_bits=28 to /etc/sysctl.d/ to keep it), or run the process under "
         "`setarch $(uname -m) -R`";
}

Attribution attribute(const TsanReport& report, const std::map<std::string, std::string>& extension_objects) {
  Attribution a;
  if (!report.stacks.empty() && !report.stacks.front().empty()) a.top = describe(report.stacks.front().front());
  // The accesses' stacks come first; thread-creation and location stacks
  // (pthread_create from the threading module) say nothing about the culprit.
  std::size_t stacks = std::min<std::size_t>(report.stacks.size(), 2);
  for (std::size_t s = 0; s < stacks; ++s) {
    for (const auto& frame : report.stacks[s]) {
      auto owner = extension_objects.find(frame.object);
      if (owner != extension_objects.end()) {
        a.module = owner->second;
        a.frame = frame;
        return a;
      }
      if (a.foreign_object.empty() && !frame.object.empty() && !is_interpreter_or_system(frame.object))
        a.foreign_object = frame.object;
    }
  }
  return a;
}

std::string report_identity(const TsanReport& report) {
  // The top frames of the two accesses, in either order: "read by T4, previous
  // write by T5" and "write by T5, previous read by T4" are one race. Deeper
  // frames (the eval loop's line) differ with the Python code that got there.
  constexpr std::size_t kTopFrames = 3;
  std::vector<std::string> accesses;
  for (std::size_t s = 0; s < std::min<std::size_t>(report.stacks.size(), 2); ++s) {
    std::string access;
    for (std::size_t f = 0; f < std::min(kTopFrames, report.stacks[s].size()); ++f)
      access += fmt::format("{}:{};", report.stacks[s][f].function, report.stacks[s][f].line);
    accesses.push_back(access);
  }
  std::sort(accesses.begin(), accesses.end());
  std::string id = report.kind;
  for (const auto& access : accesses) id += "|" + access;
  return id;
}

std::string describe(const TsanFrame& frame) {
  if (frame.file.empty()) return fmt::format("{} ({})", frame.function, frame.object);
  auto slash = frame.file.rfind('/');
  auto file = slash == std::string::npos ? frame.file : frame.file.substr(slash + 1);
  return fmt::format("{} {}:{}", frame.function, file, frame.line);
}

}  // namespace gm::compat
