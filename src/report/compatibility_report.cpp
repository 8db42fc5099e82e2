#include "report/compatibility_report.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "report/markdown_text.hpp"
#include "util/strings.hpp"

namespace gm::report {
using results::ModuleStatus;

std::vector<std::string> compatibility_summary(const std::vector<results::ModuleCheck>& modules) {
  std::map<std::string, std::pair<int, int>> counts;  // build -> (keep disabled, total)
  std::vector<std::string> order;
  for (const auto& m : modules) {
    if (!m.free_threaded) continue;
    if (!counts.contains(m.build)) order.push_back(m.build);
    auto& [good, total] = counts[m.build];
    good += m.status == ModuleStatus::keeps_gil_disabled;
    ++total;
  }
  std::vector<std::string> lines;
  for (const auto& build : order)
    lines.push_back(fmt::format("{} of {} extension modules keep the GIL disabled on {}", counts[build].first,
                                counts[build].second, build));
  return lines;
}

std::string status_badge(const results::ModuleCheck& check) {
  std::string text;
  if (check.status == ModuleStatus::keeps_gil_disabled)
    text = "✅ keeps GIL disabled";
  else if (check.status == ModuleStatus::importable)
    text = "✅ importable";
  else if (check.status == ModuleStatus::reenables_gil)
    text = "❌ re-enables GIL";
  else if (check.status == ModuleStatus::crashed)
    text = "💥 crashed";
  else if (check.status == ModuleStatus::hung)
    text = "⏳ hung";
  else
    text = std::string("⚠️ ") + to_string(check.status);
  if (check.status == ModuleStatus::reenables_gil && !check.attributed_to.empty() &&
      check.attributed_to != check.module)
    text += " (via " + escape_inline(check.attributed_to) + ")";
  if (check.status == ModuleStatus::crashed) {
    auto first = split_lines(check.detail);
    if (!first.empty()) text += " (" + escape_inline(first.front()) + ")";
  }
  return text;
}

namespace {

// ". In this run, with the GIL forced off (`PYTHON_GIL=0`), 3.13t/pvector/threads/off/x2 failed (SystemError:
// ...) in an environment that holds this module: ..." (the cell's workload may not import it: said, not blamed).
std::string forced_off_evidence(const results::ModuleCheck& module,
                                const std::vector<results::ForcedOffFailure>& forced_off) {
  std::vector<std::string> cells;
  for (const auto& f : forced_off) {
    bool holds = std::any_of(f.modules.begin(), f.modules.end(), [&](const results::ModuleCheck* m) {
      return m->build == module.build && m->module == module.module;
    });
    if (!holds) continue;
    const auto last_line = trim(tail_lines(trim(f.cell->error), 1));
    cells.push_back(fmt::format("{} {}{}", escape_inline(f.cell->cell.key()), to_string(f.cell->status),
                                last_line.empty() ? "" : " (" + escape_inline(last_line) + ")"));
  }
  if (cells.empty()) return "";
  return fmt::format(
      ". In this run, with the GIL forced off (`PYTHON_GIL=0`), {} in an environment that holds "
      "this module: check that it is thread-safe before declaring",
      join(cells, "; "));
}

}  // namespace

std::string render_compatibility(const std::vector<results::InstallRecord>& installs,
                                 const std::vector<results::ModuleCheck>& modules,
                                 const std::vector<results::TogetherCheck>& together,
                                 const std::vector<results::ForcedOffFailure>& forced_off) {
  std::string out = "## Extension compatibility\n\n";
  out +=
      "Each extension module was imported alone in a fresh process with `PYTHON_GIL` unset; on a "
      "free-threaded build a module that does not declare free-threading support switches the GIL back "
      "on for the whole process.\n\n";
  for (const auto& line : compatibility_summary(modules)) out += "- **" + escape_inline(line) + "**\n";
  out += "\n";

  std::vector<std::string> builds;
  std::map<std::string, std::map<std::string, const results::ModuleCheck*>> rows;  // "dist module" -> build
  std::vector<std::string> row_order;
  for (const auto& m : modules) {
    if (std::find(builds.begin(), builds.end(), m.build) == builds.end()) builds.push_back(m.build);
    auto row = m.distribution + " " + m.version + "\t" + m.module;
    if (!rows.contains(row)) row_order.push_back(row);
    rows[row][m.build] = &m;
  }
  std::sort(row_order.begin(), row_order.end());
  if (!row_order.empty()) {
    out += "| package | module |";
    for (const auto& b : builds) out += " " + escape_inline(b) + " |";
    out += "\n" + table_separator(2 + builds.size());
    for (const auto& row : row_order) {
      auto tab = row.find('\t');
      out += fmt::format("| {} | {} |", escape_inline(row.substr(0, tab)), escape_inline(row.substr(tab + 1)));
      for (const auto& b : builds) {
        auto it = rows[row].find(b);
        out += " " + (it == rows[row].end() ? std::string("—") : status_badge(*it->second)) + " |";
      }
      out += "\n";
    }
    out += "\n";
  }

  std::vector<const results::InstallRecord*> failed;
  for (const auto& i : installs)
    if (!i.ok) failed.push_back(&i);
  if (!failed.empty()) {
    out += "### Install failures\n\n";
    for (const auto* i : failed) {
      out += fmt::format("- {} on {}: **install failed**: {}{}\n\n", escape_inline(i->requirement),
                         escape_inline(i->build), escape_inline(i->reason()),
                         i->log.empty() ? "" : " (log: " + escape_inline(i->log) + ")");
      if (!i->detail.empty()) out += indented_fenced_block(i->detail, "text") + "\n";
    }
  }

  if (!together.empty()) {
    out += "### All modules of a set imported together\n\n";
    for (const auto& t : together) {
      std::string state =
          t.status == ModuleStatus::importable           ? "all import together (GIL build)"
          : t.status == ModuleStatus::keeps_gil_disabled ? "the GIL stays disabled"
          : t.gil_enabled_after.value_or(false)
              ? "the GIL is on" +
                    (t.attributed_to.empty() ? std::string() : " (switched on by " + t.attributed_to + ")")
              : std::string(to_string(t.status));
      out += fmt::format("- {} / {}: {}\n", escape_inline(t.build), escape_inline(t.package_set), escape_inline(state));
    }
    out += "\n";
  }

  std::set<std::string> fixed;
  std::string fixes;
  for (const auto& m : modules) {
    if (!m.problem() || fixed.contains(m.build + m.module)) continue;
    fixed.insert(m.build + m.module);
    fixes += fmt::format("- {} on {}: {}", escape_inline(m.module), escape_inline(m.build),
                         escape_inline(to_string(m.status)));
    bool via_other = !m.attributed_to.empty() && m.attributed_to != m.module;
    if (m.status == ModuleStatus::reenables_gil && via_other)
      fixes += fmt::format(" (via {}); to fix, {}", escape_inline(m.attributed_to), escape_inline(m.fix));
    else if (m.status == ModuleStatus::reenables_gil)
      fixes += fmt::format(". Built with the {}; to fix, {}{}", escape_inline(m.binding), escape_inline(m.fix),
                           forced_off_evidence(m, forced_off));
    else if (m.fixable())
      fixes += fmt::format(": {}; to fix, {}", escape_inline(m.detail), escape_inline(m.fix));
    else if (!m.detail.empty())
      fixes += "\n\n" + indented_fenced_block(m.detail, "text");
    fixes += "\n\n  Reproduce: `" + m.reproduce + "`\n\n";
  }
  if (!fixes.empty()) out += "### Findings and fixes\n\n" + fixes;
  return out;
}

}  // namespace gm::report
