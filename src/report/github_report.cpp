#include "report/github_report.hpp"

#include <fmt/format.h>

#include "report/comparison_markdown.hpp"
#include "report/compatibility_report.hpp"
#include "report/github_commands.hpp"
#include "report/markdown_text.hpp"
#include "report/thread_safety_output.hpp"
#include "util/strings.hpp"

namespace gm::report {
namespace {

class Annotations {
 public:
  explicit Annotations(std::size_t limit) : limit_(limit) {}
  void add(AnnotationLevel level, const std::string& title, const std::string& message) {
    add_line(annotation(level, title, message));
  }
  void add_line(const std::string& formatted) {
    if (lines_ < limit_) out_ += formatted;
    ++lines_;
  }
  std::string finish() {
    if (lines_ > limit_)
      out_ += annotation(AnnotationLevel::warning, "gilmatrix",
                         fmt::format("{} more findings are not annotated; the step summary and report list them all",
                                     lines_ - limit_));
    return std::move(out_);
  }

 private:
  std::size_t limit_;
  std::size_t lines_ = 0;
  std::string out_;
};

void comparison_lines(Annotations& out, const results::Comparison& comparison, results::Gate gate) {
  for (const auto& c : comparison.changes) {
    if (c.severity == results::Severity::regression && comparison.counts(c, gate))
      out.add(AnnotationLevel::error, fmt::format("regression: {} {}", c.kind, c.subject), c.message);
    else if (c.severity == results::Severity::regression || c.severity == results::Severity::warning)
      out.add(AnnotationLevel::warning, fmt::format("{}: {} {}", to_string(c.severity), c.kind, c.subject), c.message);
  }
}

}  // namespace

std::string run_annotations(const results::RunResults& r, const results::Comparison* against, std::size_t limit) {
  Annotations out(limit);
  for (const auto& b : r.builds)
    if (!b.ok())
      out.add(AnnotationLevel::error, "build " + b.name + " unavailable", fmt::format("{}: {}", b.status, b.reason));
  for (const auto& i : r.installs)
    if (!i.ok)
      out.add(AnnotationLevel::error, fmt::format("install failed: {} on {}", i.requirement, i.build),
              tail_lines(i.detail, 5));
  for (const auto& m : r.module_checks)
    if (m.problem())
      out.add(
          AnnotationLevel::error, fmt::format("{} {} on {}", m.module, m.status, m.build),
          fmt::format("{} ({} {}) {} on {}. {}\nReproduce: {}", m.module, m.distribution, m.version, m.status, m.build,
                      m.status == results::ModuleStatus::reenables_gil ? "Fix: " + m.fix : tail_lines(m.detail, 5),
                      m.reproduce));
  for (const auto& line : thread_safety_annotation_lines(r.stress_runs, r.thread_safety)) out.add_line(line);
  for (const auto& line : workload_race_annotation_lines(r.workload_races)) out.add_line(line);
  std::vector<std::string> doubtful;
  for (const auto& c : r.cells) {
    if (c.status == results::CellStatus::failed || c.status == results::CellStatus::timeout ||
        c.status == results::CellStatus::crashed)
      out.add(AnnotationLevel::error, fmt::format("cell {}: {}", c.cell.key(), c.status), tail_lines(c.error, 5));
    else if (c.status == results::CellStatus::ok && (c.unstable || c.disturbed))
      doubtful.push_back(c.cell.key() + (c.disturbed ? " (disturbed)" : " (unstable)"));
  }
  if (!doubtful.empty())
    out.add(AnnotationLevel::warning, fmt::format("{} cells with doubtful figures", doubtful.size()),
            join(doubtful, "\n"));
  if (against) comparison_lines(out, *against, results::Gate::all);
  return out.finish();
}

std::string comparison_annotations(const results::Comparison& comparison, results::Gate gate, std::size_t limit) {
  Annotations out(limit);
  comparison_lines(out, comparison, gate);
  return out.finish();
}

std::string run_step_summary(const results::RunResults& r, const results::Comparison* against) {
  std::size_t measured = 0, failed = 0;
  for (const auto& c : r.cells) {
    measured += c.status == results::CellStatus::ok;
    failed += c.status == results::CellStatus::failed || c.status == results::CellStatus::timeout ||
              c.status == results::CellStatus::crashed;
  }
  std::string out = fmt::format("## gilmatrix: {}\n\n{} of {} cells measured, {} failed; {} builds.\n\n",
                                escape_inline(r.matrix_name), measured, r.cells.size(), failed, r.builds.size());
  for (const auto& line : compatibility_summary(r.module_checks)) out += "- " + escape_inline(line) + "\n";
  std::string problems;
  std::size_t rows = 0, more = 0;
  auto row = [&](const std::string& what, const std::string& where, const std::string& finding) {
    if (rows++ < 100)
      problems += fmt::format("| {} | {} | {} |\n", escape_inline(what), escape_inline(where), escape_inline(finding));
    else
      ++more;
  };
  for (const auto& b : r.builds)
    if (!b.ok()) row("build " + b.name, b.name, fmt::format("{}: {}", b.status, b.reason));
  for (const auto& i : r.installs)
    if (!i.ok) row(i.requirement, i.build, "install failed");
  for (const auto& m : r.module_checks)
    if (m.problem())
      row(m.module, m.build,
          m.status == results::ModuleStatus::reenables_gil ? fmt::format("{}. Fix: {}", m.status, m.fix)
                                                           : to_string(m.status));
  for (const auto& m : r.thread_safety)
    if (results::is_problem(m.verdict)) row(m.module, m.build, verdict_phrase(m));
  for (const auto& c : r.cells)
    if (c.status != results::CellStatus::ok && c.status != results::CellStatus::unsupported)
      row(c.cell.key(), c.cell.build, to_string(c.status));
  if (!problems.empty()) {
    out += "\n### Findings\n\n| what | build | finding |\n" + table_separator(3) + problems;
    if (more) out += fmt::format("\n…and {} more (see report.md).\n", more);
  } else {
    out +=
        "\nNo findings: no build missing, no failed install, no module that re-enables the GIL, crashes, hangs "
        "or fails to import, no failed cell";
    out += r.thread_safety.empty() ? ".\n" : ", no race, crash or hang under threads.\n";
  }
  if (against) out += "\n" + render_comparison_markdown(*against, results::Gate::all, 3);
  return out;
}

}  // namespace gm::report
