#include "report/thread_safety_output.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "report/github_commands.hpp"
#include "report/markdown_text.hpp"
#include "util/strings.hpp"
#include "util/text_table.hpp"

namespace gm::report {

namespace {

std::string base_name(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string frame_of(const results::RaceFinding& r) {
  if (r.file.empty()) return r.function;
  return fmt::format("{} {}:{}", r.function, base_name(r.file), r.line);
}

std::string declaration_phrase(const results::Declaration& d) {
  switch (d.state) {
    case results::DeclarationState::declares:
      return "declares support: " + d.how + (d.where.empty() ? "" : " " + d.where);
    case results::DeclarationState::does_not_declare:
      return "does not declare support" + (d.where.empty() ? "" : ": " + d.how + " " + d.where);
    case results::DeclarationState::unknown:
      break;
  }
  return "declaration unknown";
}

// GitHub attaches an annotation to a path relative to the checkout, which is
// the job's working directory: a file below it is written relative to it.
std::string workspace_relative(const std::string& file) {
  std::error_code ec;
  auto here = std::filesystem::current_path(ec);
  if (ec || file.empty() || file.front() != '/') return file;
  auto relative = std::filesystem::path(file).lexically_relative(here);
  if (relative.empty() || relative.begin()->string() == "..") return file;
  return relative.string();
}

// "3.14t-tsan", or "3.14t-tsan, package set pyrsistent" in a matrix run.
std::string stressed_what(const results::StressSummary& b) {
  if (b.package_set.empty() || b.package_set == results::kCheckPackageSet) return b.build;
  return fmt::format("{}, package set {}", b.build, b.package_set);
}

std::string settings_phrase(const results::StressSummary& b) {
  return fmt::format("{}{} runs per setting ({}), {} threads x {} iterations, {}",
                     b.sanitised ? "ThreadSanitizer; " : "", b.runs, join(b.settings, " and "), b.threads, b.iterations,
                     b.stress_file.empty() ? "concurrent imports" : base_name(b.stress_file));
}

std::string reports_phrase(const std::vector<results::RaceFinding>& found) {
  int reports = 0;
  for (const auto& r : found) reports += r.reports;
  return fmt::format("{} distinct report{} ({} in all)", found.size(), found.size() == 1 ? "" : "s", reports);
}

// "data race in add racy_counter.c:9 (12 reports in 3 processes)"
std::string race_phrase(const results::RaceFinding& r) {
  return fmt::format("{} in {} ({} report{} in {} process{})", r.kind, frame_of(r), r.reports,
                     r.reports == 1 ? "" : "s", r.runs, r.runs == 1 ? "" : "es");
}

}  // namespace

std::string verdict_phrase(const results::ThreadSafetyCheck& c) {
  std::string phrase = to_string(c.verdict);
  if (c.verdict == results::ThreadVerdict::race && !c.races.empty())
    phrase +=
        fmt::format(": {}, top: {} in {}", reports_phrase(c.races), c.races.front().kind, frame_of(c.races.front()));
  else if (c.verdict == results::ThreadVerdict::crash || c.verdict == results::ThreadVerdict::hang)
    phrase += fmt::format(" in {} of {} runs", c.failed_runs, c.runs);
  if (c.forced_off_only) phrase += " (only with PYTHON_GIL=0)";
  return phrase;
}

namespace {

// The lines under a module's row: what was found, the fix, the stacks, how to reproduce.
void add_module_details(TextTable& table, const results::ThreadSafetyCheck& m) {
  auto add = [&table](const std::string& text) { table.add_line("      " + text); };
  if (!m.finding.empty()) add(m.finding);
  if (!m.statement.empty()) add(m.statement);
  if (!m.fix.empty()) add("fix: " + m.fix);
  for (std::size_t i = 1; i < m.races.size() && i < 4; ++i)
    add(fmt::format("also: {} in {} ({} reports)", m.races[i].kind, frame_of(m.races[i]), m.races[i].reports));
  if (m.races.size() > 4) add(fmt::format("and {} more distinct reports", m.races.size() - 4));
  if (!m.races.empty()) add("log: " + m.races.front().log);
  if (!m.detail.empty()) add(m.detail);
  if (!m.stacks.empty())
    for (const auto& line : split_lines(tail_lines(m.stacks, 24))) add("| " + line);
  if (!m.c_stacks.empty()) {
    add("C frames of every thread (gdb, from the core):");
    for (const auto& line : split_lines(tail_lines(m.c_stacks, 40))) add("| " + line);
  }
  if (results::is_problem(m.verdict)) add("reproduce: " + m.reproduce);
}

}  // namespace

std::string thread_safety_text(const results::StressSummary& b,
                               const std::vector<results::ThreadSafetyCheck>& modules) {
  using Align = TextTable::Align;
  // The verdict runs long ("race: ..., top: ... in ..."): it and the declaration share one column.
  TextTable table({Align::left, Align::left}, "  ");
  table.add_line("  thread safety: " + settings_phrase(b));
  for (const auto& m : modules) {
    if (!b.covers(m)) continue;
    table.add_row({m.module, verdict_phrase(m) + "   [" + declaration_phrase(m.declaration) + "]"});
    add_module_details(table, m);
  }
  std::string out = table.render();
  if (!b.in_cpython.empty())
    out += fmt::format("  in CPython itself, not blamed on a package: {}, top: {} in {}\n",
                       reports_phrase(b.in_cpython), b.in_cpython.front().kind, frame_of(b.in_cpython.front()));
  if (!b.in_other_libraries.empty())
    out += fmt::format("  in other libraries: {}, first in {}\n", reports_phrase(b.in_other_libraries),
                       b.in_other_libraries.front().module);
  for (const auto& f : b.functions)
    if (f.failures > 0)
      out += fmt::format("  {} failed {} of {} calls{}: {}\n", f.name, f.failures, f.calls,
                         f.forced_off_only ? " (only with PYTHON_GIL=0)" : "",
                         tail_lines(trim(f.first_failure), 1));  // a traceback's last line: the exception
  for (const auto& s : b.suppressions) {
    if (s.reports > 0 || !s.warning.empty())
      out += fmt::format("  suppression {} ({}) hid {} report{}\n", s.rule, s.origin, s.reports,
                         s.reports == 1 ? "" : "s");
    if (!s.warning.empty()) out += fmt::format("      warning: {}\n", s.warning);
  }
  for (const auto& p : b.problems) out += fmt::format("  stress run failed: {}\n", p);
  out += fmt::format("  stress files: {}\n", b.run_dir);
  return printable(out);
}

std::string thread_safety_markdown(const std::vector<results::StressSummary>& builds,
                                   const std::vector<results::ThreadSafetyCheck>& modules) {
  if (builds.empty()) return "";
  std::string out = "## Thread safety\n\n";
  for (const auto& b : builds) {
    out += fmt::format("**{}**: {}.\n\n", escape_inline(stressed_what(b)), escape_inline(settings_phrase(b)));
    out += "| module | verdict | declaration | finding |\n" + table_separator(4);
    for (const auto& m : modules) {
      if (!b.covers(m)) continue;
      std::string finding = m.finding.empty() ? m.statement : m.finding;
      if (!m.fix.empty()) finding += " Fix: " + m.fix;
      out += fmt::format("| {} | {} | {} | {} |\n", escape_inline(m.module), escape_inline(verdict_phrase(m)),
                         escape_inline(declaration_phrase(m.declaration)), escape_inline(finding));
    }
    out += "\n";
    if (!b.in_cpython.empty())
      out += fmt::format("In CPython itself, not blamed on a package: {}, top: {} in `{}`.\n\n",
                         reports_phrase(b.in_cpython), escape_inline(b.in_cpython.front().kind),
                         escape_inline(frame_of(b.in_cpython.front())));
    for (const auto& s : b.suppressions)
      if (!s.warning.empty()) out += "- ⚠ " + escape_inline(s.warning) + "\n";
    for (const auto& p : b.problems) out += "- stress run failed: " + escape_inline(p) + "\n";
  }
  for (const auto& m : modules) {
    if (!results::is_problem(m.verdict)) continue;
    out += fmt::format("\n<details><summary>{} on {}: {}</summary>\n\n```\n", escape_inline(m.module),
                       escape_inline(m.build), escape_inline(to_string(m.verdict)));
    out += m.races.empty() ? m.stacks : m.races.front().text;
    if (m.races.empty() && !m.c_stacks.empty())
      out += "\n\nC frames of every thread (gdb, from the core):\n" + m.c_stacks;
    out += fmt::format("\n```\n\nReproduce: `{}`\n\n</details>\n", m.reproduce);
  }
  return out;
}

nlohmann::json thread_safety_json(const std::vector<results::StressSummary>& builds,
                                  const std::vector<results::ThreadSafetyCheck>& modules) {
  return {{"builds", builds}, {"modules", modules}};
}

std::string thread_safety_annotations(const std::vector<results::StressSummary>& builds,
                                      const std::vector<results::ThreadSafetyCheck>& modules) {
  return join(thread_safety_annotation_lines(builds, modules), "");
}

std::vector<std::string> thread_safety_annotation_lines(const std::vector<results::StressSummary>& builds,
                                                        const std::vector<results::ThreadSafetyCheck>& modules) {
  std::vector<std::string> lines;
  for (const auto& m : modules) {
    if (!results::is_problem(m.verdict)) continue;
    std::string message = fmt::format("{} on {}: {}{}\nReproduce: {}", m.module, m.build, verdict_phrase(m),
                                      m.finding.empty() ? "" : "\n" + m.finding, m.reproduce);
    std::string title = m.module + " " + to_string(m.verdict);
    if (!m.races.empty() && !m.races.front().file.empty())
      lines.push_back(annotation_at(AnnotationLevel::error, workspace_relative(m.races.front().file),
                                    m.races.front().line, title, message));
    else
      lines.push_back(annotation(AnnotationLevel::error, title, message));
  }
  for (const auto& b : builds)
    for (const auto& s : b.suppressions)
      if (!s.warning.empty()) lines.push_back(annotation(AnnotationLevel::warning, "broad suppression", s.warning));
  return lines;
}

std::string thread_safety_headline(const std::vector<results::ThreadSafetyCheck>& modules,
                                   const std::vector<results::WorkloadRaces>& workloads) {
  std::vector<std::string> stressed, in_workloads;
  for (const auto& m : modules)
    if (results::is_problem(m.verdict))
      stressed.push_back(fmt::format("{} on {} ({})", m.module, m.build, to_string(m.verdict)));
  for (const auto& w : workloads)
    for (const auto& r : w.in_modules)
      in_workloads.push_back(
          fmt::format("{} in workload {} on {} ({} in {})", r.module, w.workload, w.build, r.kind, frame_of(r)));
  std::string out;
  if (!stressed.empty())
    out += fmt::format("**Under threads, the stress runs failed {}**: see \"Thread safety\".\n\n",
                       escape_inline(join(stressed, ", ")));
  if (!in_workloads.empty())
    out += fmt::format("**ThreadSanitizer blamed a report on {}**: see \"ThreadSanitizer in the workloads\".\n\n",
                       escape_inline(join(in_workloads, ", ")));
  return out;
}

std::string workload_races_markdown(const std::vector<results::WorkloadRaces>& workloads) {
  if (workloads.empty()) return "";
  std::string out =
      "## ThreadSanitizer in the workloads\n\n"
      "The workloads' cells on sanitised builds ran under ThreadSanitizer, every runner process logging its "
      "reports. Their times are an instrumented build's, several times slower than a plain build's: they compare "
      "with each other only.\n\n"
      "| build | workload | where | report |\n" +
      table_separator(4);
  auto row = [&](const results::WorkloadRaces& w, const std::string& where, const std::string& report) {
    out += fmt::format("| {} | {} | {} | {} |\n", escape_inline(w.build), escape_inline(w.workload),
                       escape_inline(where), escape_inline(report));
  };
  for (const auto& w : workloads) {
    for (const auto& r : w.in_modules) row(w, r.module, race_phrase(r));
    for (const auto& r : w.in_cpython) row(w, "CPython itself (not blamed on a package)", race_phrase(r));
    for (const auto& r : w.in_other_libraries) row(w, r.module + " (no module of the package set)", race_phrase(r));
    if (w.in_modules.empty() && w.in_cpython.empty() && w.in_other_libraries.empty())
      row(w, w.package_set.empty() ? "" : "package set " + w.package_set, "no report");
  }
  out += "\n";
  for (const auto& w : workloads) {
    for (const auto& s : w.suppressions)
      if (!s.warning.empty()) out += "- ⚠ " + escape_inline(s.warning) + "\n";
    for (const auto& r : w.in_modules) {
      out += fmt::format("\n<details><summary>{} in {}, workload {} on {}</summary>\n\n```\n", escape_inline(r.kind),
                         escape_inline(r.module), escape_inline(w.workload), escape_inline(w.build));
      out += r.text + fmt::format("\n```\n\nLog: `{}`\n\n</details>\n", r.log);
    }
  }
  return out + "\n";
}

std::vector<std::string> workload_races_lines(const std::vector<results::WorkloadRaces>& workloads) {
  std::vector<std::string> lines;
  for (const auto& w : workloads)
    for (const auto& r : w.in_modules)
      lines.push_back(printable(fmt::format("ThreadSanitizer: workload {} on {}: {} in module {}; log: {}", w.workload,
                                            w.build, race_phrase(r), r.module, r.log)));
  return lines;
}

std::vector<std::string> workload_race_annotation_lines(const std::vector<results::WorkloadRaces>& workloads) {
  std::vector<std::string> lines;
  for (const auto& w : workloads)
    for (const auto& r : w.in_modules) {
      std::string title = r.module + " race";
      std::string message =
          fmt::format("ThreadSanitizer, workload {} on {}: {}\nLog: {}", w.workload, w.build, race_phrase(r), r.log);
      lines.push_back(r.file.empty()
                          ? annotation(AnnotationLevel::error, title, message)
                          : annotation_at(AnnotationLevel::error, workspace_relative(r.file), r.line, title, message));
    }
  return lines;
}

}  // namespace gm::report
