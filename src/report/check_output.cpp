#include "report/check_output.hpp"

#include <fmt/format.h>

#include "report/compatibility_report.hpp"
#include "report/github_commands.hpp"
#include "report/markdown_text.hpp"
#include "report/thread_safety_output.hpp"
#include "results/json_io.hpp"
#include "util/strings.hpp"
#include "util/text_table.hpp"

namespace gm::report {

std::string check_build_line(const results::CheckResults& check, const results::BuildRecord& b) {
  if (!b.ok())
    return fmt::format("{}: {}{}: {}", b.name, check.was_skipped(b.name) ? "skipped (--skip-missing): " : "", b.status,
                       b.reason);
  std::string origin = b.origin == results::build_origin::cached_build ? ", cached build, source not rechecked"
                       : b.origin == "fallback interpreter"            ? ", prebuilt interpreter (source unavailable)"
                                                                       : "";
  return fmt::format("{}: Python {}{}{} ({}{})", b.name, b.probe->version,
                     b.probe->free_threaded ? " free-threaded" : "",
                     b.details.thread_sanitized() ? " with ThreadSanitizer" : "", b.python, origin);
}

// Module names, details and paths come from the packages checked: shown through printable().
std::string check_text(const results::CheckResults& check) {
  std::string out;
  for (const auto& b : check.builds) {
    out += check_build_line(check, b) + "\n";
    if (!b.ok()) continue;
    for (const auto& i : check.installs)
      if (i.build == b.name && !i.ok) {
        out += fmt::format("  {}: install failed: {}\n    log: {}\n", i.requirement, i.reason(), i.log);
        for (const auto& line : split_lines(tail_lines(i.detail, 8))) out += "    " + line + "\n";
      }
    using Align = TextTable::Align;
    TextTable modules({Align::left, Align::left, Align::left}, "  ");
    bool any = false;
    for (const auto& m : check.modules) {
      if (m.build != b.name) continue;
      any = true;
      std::string via =
          m.attributed_to.empty() || m.attributed_to == m.module ? "" : " (the warning names " + m.attributed_to + ")";
      modules.add_row(
          {m.module, to_string(m.status) + via, fmt::format("[{} {}, {}]", m.distribution, m.version, m.binding)});
      if (m.problem()) {
        if (m.status != results::ModuleStatus::reenables_gil && !m.detail.empty())
          modules.add_line("      " + split_lines(m.detail).front());
        if (m.fixable()) modules.add_line("      fix: " + m.fix);
        modules.add_line("      reproduce: " + m.reproduce);
      }
    }
    out += any ? modules.render() : "  no extension modules installed\n";
    for (const auto& s : check.stress)
      if (s.build == b.name) out += thread_safety_text(s, check.thread_safety);
  }
  for (const auto& line : compatibility_summary(check.modules)) out += line + "\n";
  return printable(out);
}

std::string check_markdown(const results::CheckResults& check, const PortablePaths& paths) {
  std::string out = "# gilmatrix check\n\nInterpreters:\n\n";
  for (const auto& b : check.builds) out += "- " + escape_inline(check_build_line(check, b)) + "\n";
  out += "\n" + render_compatibility(check.installs, check.modules, check.together);
  if (!check.stress.empty()) out += "\n" + thread_safety_markdown(check.stress, check.thread_safety);
  return paths.apply(out) + "\n" + PortablePaths::legend();
}

nlohmann::json check_json(const results::CheckResults& check) {
  // The records as results.json holds them; a build also says whether --skip-missing skipped it.
  nlohmann::json builds = nlohmann::json::array();
  for (const auto& b : check.builds) {
    nlohmann::json build = b;
    build["skipped"] = check.was_skipped(b.name);
    builds.push_back(std::move(build));
  }
  // Version 2 added thread_safety (check --stress; null without it); version 1 had no schema_version.
  return {{"schema_version", 2},
          {"builds", builds},
          {"environments", check.environments},
          {"installs", check.installs},
          {"module_checks", check.modules},
          {"summary", compatibility_summary(check.modules)},
          {"skipped", check.skipped},
          {"thread_safety",
           check.stress.empty() ? nlohmann::json(nullptr) : thread_safety_json(check.stress, check.thread_safety)},
          {"exit_code", check.exit_code}};
}

std::string check_annotations(const results::CheckResults& check) {
  std::string lines;
  for (const auto& b : check.builds)
    if (!b.ok())
      lines += annotation(check.was_skipped(b.name) ? AnnotationLevel::warning : AnnotationLevel::error, "gilmatrix",
                          check_build_line(check, b));
  for (const auto& i : check.installs)
    if (!i.ok)
      lines += annotation(AnnotationLevel::error, "install failed",
                          fmt::format("{} on {}: {}\n{}", i.requirement, i.build, i.reason(), tail_lines(i.detail, 5)));
  for (const auto& m : check.modules)
    if (m.problem())
      lines += annotation(AnnotationLevel::error, m.module + " " + to_string(m.status),
                          fmt::format("{} {} on {}. {}\nReproduce: {}", m.module, m.status, m.build,
                                      m.status == results::ModuleStatus::reenables_gil ? "Fix: " + m.fix
                                      : m.fixable()                                    ? m.detail + "\nFix: " + m.fix
                                                                                       : m.detail,
                                      m.reproduce));
  lines += thread_safety_annotations(check.stress, check.thread_safety);
  return lines;
}

}  // namespace gm::report
