#include "report/markdown_report.hpp"

#include <map>
#include <set>

#include <fmt/format.h>

#include "report/compatibility_report.hpp"
#include "report/forced_off_note.hpp"
#include "report/markdown_text.hpp"
#include "report/measurement_sections.hpp"
#include "report/portable_paths.hpp"
#include "report/thread_safety_output.hpp"
#include "results/compare.hpp"
#include "results/findings.hpp"
#include "results/statistics.hpp"
#include "util/duration.hpp"
#include "util/strings.hpp"

namespace gm::report {
namespace {

using results::BuildRecord;
using results::CellResult;
using results::RunResults;

std::string yes_no(bool value) { return value ? "yes" : "no"; }
std::string gil_text(std::optional<bool> enabled) {
  if (!enabled) return "—";
  return *enabled ? "on" : "**off**";
}

void environment_section(std::string& out, const RunResults& r) {
  const auto& e = r.environment;
  out += "## Environment\n\n| | |\n" + table_separator(2);
  out += fmt::format("| CPU | {} |\n", escape_inline(e.cpu_model));
  out += fmt::format("| usable cores | {} (of {} online) |\n", e.usable_cores, e.online_cpus);
  out += fmt::format("| OS | {} ({}, {}) |\n", escape_inline(e.os), escape_inline(e.kernel), escape_inline(e.arch));
  out += fmt::format("| gilmatrix | {} (built with {}) |\n", escape_inline(e.gilmatrix_version),
                     escape_inline(e.compiler));
  out += fmt::format("| CPU governor | {} |\n| turbo | {} |\n| SMT siblings among usable cores | {} |\n",
                     e.governor.empty() ? "unknown (no cpufreq)" : escape_inline(e.governor),
                     e.turbo.empty() ? "unknown" : e.turbo,
                     e.smt_siblings.empty() ? "none" : escape_inline(join(e.smt_siblings, "; ")));
  out += fmt::format("| virtual machine | {} |\n", e.virtualized ? "yes" : "no");
  if (e.load_average >= 0) out += fmt::format("| load average at start | {:.2f} |\n", e.load_average);
  out += fmt::format("| started | {} |\n| finished | {}{} |\n\n", r.started_at, r.finished_at,
                     r.interrupted ? " (interrupted: partial results)" : "");
}

std::string build_origin(const BuildRecord& b) {
  if (b.origin == "fallback interpreter")
    return "prebuilt interpreter at " + escape_inline(b.python) + ", not built from source";
  if (b.origin == results::build_origin::cached_build)
    return fmt::format("cached build of {}, source not rechecked",
                       escape_inline(b.details.version.empty() ? "?" : b.details.version));
  if (b.origin == "source" && !b.details.version.empty())
    return fmt::format("built from {} source", escape_inline(b.details.version));
  if (b.origin == "git" && !b.details.commit.empty())
    return fmt::format("built from git {} at {}{}", escape_inline(b.details.git_ref),
                       escape_inline(b.details.commit.substr(0, 12)),
                       b.details.source_rechecked.value_or(true) ? "" : " (--offline: not fetched, not rechecked)");
  return b.origin.empty() ? "—" : escape_inline(b.origin);
}

// Build facts worth a line under the table: missing modules, why a fallback was used, failure logs.
void build_details(std::string& out, const RunResults& r) {
  std::string lines;
  for (const auto& b : r.builds) {
    const auto& missing = b.details.missing_modules;
    if (!missing.empty())
      lines += fmt::format("- {}: optional modules CPython could not build: {}\n", escape_inline(b.name),
                           escape_inline(join(missing, ", ")));
    if (!b.details.cache_repair.empty())
      lines += fmt::format("- {}: {}\n", escape_inline(b.name), escape_inline(b.details.cache_repair));
    if (!b.details.source_problem.empty())
      lines += fmt::format("- {}: source not available ({}), so {} was measured\n", escape_inline(b.name),
                           escape_inline(b.details.source_problem),
                           b.origin == results::build_origin::cached_build
                               ? "the build made earlier from the same recipe (cache key " +
                                     escape_inline(b.details.cache_key.empty() ? "?" : b.details.cache_key) + ")"
                               : std::string("the existing interpreter"));
    if (!b.details.configure.empty())
      lines +=
          fmt::format("- {}: configure {}\n", escape_inline(b.name), escape_inline(join(b.details.configure, " ")));
    if (b.status == results::BuildStatus::build_failed || b.status == results::BuildStatus::no_space) {
      const auto& log = b.details.log;
      lines += log.empty()
                   ? fmt::format("- {}: the build's last lines:\n\n", escape_inline(b.name))
                   : fmt::format("- {}: build log {}; its last lines:\n\n", escape_inline(b.name), escape_inline(log));
      lines += fenced_block(b.details.log_tail, "text") + "\n";
    }
  }
  if (!lines.empty()) out += lines + "\n";
}

void builds_section(std::string& out, const RunResults& r) {
  out += "## Builds\n\n| build | version | free-threaded | GIL at start | origin | status |\n";
  out += table_separator(6);
  for (const auto& b : r.builds) {
    if (b.probe) {
      out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", escape_inline(b.name), escape_inline(b.probe->version),
                         yes_no(b.probe->free_threaded), gil_text(b.probe->gil_enabled), build_origin(b),
                         b.ok() ? "ok" : escape_inline(fmt::format("{}: {}", b.status, b.reason)));
    } else if (r.skip_missing && b.missing()) {
      out += fmt::format("| {} | — | — | — | {} | skipped (--skip-missing): {} |\n", escape_inline(b.name),
                         build_origin(b), escape_inline(fmt::format("{}: {}", b.status, b.reason)));
    } else {
      out += fmt::format("| {} | — | — | — | {} | ❌ {} |\n", escape_inline(b.name), build_origin(b),
                         escape_inline(fmt::format("{}: {}", b.status, b.reason)));
    }
  }
  out += "\n";
  build_details(out, r);
  bool any_python = false;
  for (const auto& b : r.builds) any_python |= !b.python.empty();
  if (any_python) {
    out += "Interpreters measured:\n\n";
    for (const auto& b : r.builds)
      if (!b.python.empty()) out += fmt::format("- {}: {}\n", escape_inline(b.name), escape_inline(b.python));
    out += "\n";
  }
}

// One table cell: the speedup with its interval, the cores the work kept busy, and any flag.
std::string speedup_text(const CellResult& c, double precision, bool two_regimes) {
  if (c.status != results::CellStatus::ok) return escape_inline(to_string(c.status));
  std::vector<std::string> parts;
  parts.push_back(c.speedup ? results::speedup_with_interval(c) : fmt::format("{:.3f}s", c.median_seconds));
  if (c.cores_busy_median > 0) parts.push_back(fmt::format("{:.1f} cores", c.cores_busy_median));
  if (c.disturbed) parts.push_back(fmt::format("⚠ disturbed ({:.0f}%)", (c.others_share + c.steal_share) * 100));
  if (c.implausible) parts.push_back("⚠ implausible");
  if (results::imprecise(c, precision)) parts.push_back(fmt::format("⚠ ±{:.0f}%", results::precision_of(c) * 100));
  if (two_regimes) parts.push_back("⚠ two regimes");
  return join(parts, "<br>");
}

std::string baseline_text(const CellResult& one) {
  std::string text = fmt::format("{:.3f}s", one.median_seconds);
  if (one.median_interval && one.median_seconds > 0)
    text +=
        fmt::format(" ±{:.1f}%", (one.median_interval->high - one.median_interval->low) / 2 / one.median_seconds * 100);
  return text;
}

void scaling_section(std::string& out, const RunResults& r) {
  out += "## Scaling\n\n";
  out += fmt::format(
      "Speedup over 1 worker with weak scaling: every worker does the same work, so N workers at Nx "
      "scale perfectly and 1x means no parallelism at all. Brackets hold the {} interval; `cores` is the "
      "CPU time of the timed work over its wall time (a GIL-bound cell keeps about 1 core busy whatever its "
      "workers). `t1` is the median seconds of one 1-worker sample (± half its interval). ⚠ marks a cell "
      "disturbed in every attempt, a speedup above what its workers can give, a speedup whose interval is "
      "wider than the precision target (⚠ ±x%), or one whose rounds fell into two regimes far apart.\n\n",
      results::confidence_percent());
  std::vector<std::string> workloads;
  for (const auto& c : r.cells)
    if (std::find(workloads.begin(), workloads.end(), c.cell.workload) == workloads.end())
      workloads.push_back(c.cell.workload);
  std::set<std::string> split;  // speedups whose rounds fell into two regimes
  for (const auto& f : r.findings)
    if (f.kind == results::finding_kind::regimes) split.insert(f.cell);
  for (const auto& workload : workloads) {
    std::set<int> worker_counts;
    std::vector<std::string> series;
    std::map<std::string, std::map<int, const CellResult*>> by_series;
    for (const auto& c : r.cells) {
      if (c.cell.workload != workload) continue;
      worker_counts.insert(c.cell.workers);
      auto key = c.cell.series_key();
      if (!by_series.contains(key)) series.push_back(key);
      by_series[key][c.cell.workers] = &c;
    }
    out += fmt::format("### {}\n\n", escape_inline(workload));
    for (const auto& w : r.workloads)
      if (w.name == workload && !w.description.empty()) out += escape_inline(w.description) + "\n\n";
    out += "| build | executor | GIL mode | t1 |";
    for (int n : worker_counts) out += fmt::format(" {} |", n);
    out += " GIL after |\n" + table_separator(4 + worker_counts.size() + 1);
    for (const auto& key : series) {
      const auto& cells = by_series[key];
      const CellResult& any = *cells.begin()->second;
      auto one = cells.find(1);
      std::string t1 =
          one != cells.end() && one->second->status == results::CellStatus::ok ? baseline_text(*one->second) : "—";
      out += fmt::format("| {} | {} | {} | {} |", escape_inline(any.cell.build), config::to_string(any.cell.executor),
                         config::to_string(any.cell.gil_mode), t1);
      std::optional<bool> gil_after;
      for (int n : worker_counts) {
        auto it = cells.find(n);
        out += " " +
               (it == cells.end()
                    ? std::string("—")
                    : speedup_text(*it->second, r.measurement.precision, split.contains(it->second->cell.key()))) +
               " |";
        if (it != cells.end() && results::measured_gil_after(*it->second))
          gil_after = results::measured_gil_after(*it->second);
      }
      out += " " + gil_text(gil_after) + " |\n";
    }
    out += "\n";
  }
}

void environments_section(std::string& out, const RunResults& r) {
  if (r.environments.empty()) return;
  out += "### Package environments\n\n";
  for (const auto& e : r.environments) {
    std::vector<std::string> dists;
    for (const auto& d : e.distributions) dists.push_back(d.name + " " + d.version);
    out += fmt::format("- {} / {}: {}; pip options: {}\n", escape_inline(e.build), escape_inline(e.package_set),
                       escape_inline(join(dists, ", ")),
                       e.pip_options.empty() ? std::string("(pip defaults)") : escape_inline(join(e.pip_options, " ")));
  }
  out += "\nThe caller's `PIP_*` variables are not passed to pip; the options above are all it was given.\n\n";
}

void failures_section(std::string& out, const RunResults& r) {
  std::vector<const CellResult*> failed;
  for (const auto& c : r.cells)
    if (c.status != results::CellStatus::ok) failed.push_back(&c);
  if (failed.empty()) return;
  std::map<const CellResult*, results::ForcedOffFailure> forced_off;
  for (auto& f : results::failures_only_with_gil_forced_off(r)) forced_off[f.cell] = f;
  out += "## Cells that did not measure\n\n";
  for (const auto* c : failed) {
    out += fmt::format("- {}: **{}**", escape_inline(c->cell.key()), escape_inline(to_string(c->status)));
    if (auto it = forced_off.find(c); it != forced_off.end()) out += " — " + forced_off_note(it->second);
    out += "\n";
    if (!c->error.empty()) {
      out += "\n" + indented_fenced_block(c->error, "text") + "\n";
    }
  }
  out += "\n";
}

void charts_section(std::string& out, const std::vector<ChartLink>& charts) {
  if (charts.empty()) return;
  out += "## Charts\n\n";
  for (const auto& chart : charts) out += fmt::format("![{}]({})\n\n", escape_inline(chart.title), chart.file);
}

void shard_line(std::string& out, const RunResults& r) {
  if (!r.shard) return;
  out += fmt::format(
      "This is shard {}/{} of the matrix: builds {}. `gilmatrix merge` joins the shards' folders "
      "into one report.\n\n",
      r.shard->index, r.shard->total, escape_inline(join(r.shard->builds, ", ")));
}

}  // namespace

std::string render_markdown(const RunResults& r, const std::vector<ChartLink>& charts) {
  std::string out = fmt::format("# gilmatrix report: {}\n\n", escape_inline(r.matrix_name));
  std::size_t ok = 0;
  for (const auto& c : r.cells) ok += c.status == results::CellStatus::ok;
  std::size_t builds_ok = 0;
  std::vector<std::string> skipped;
  for (const auto& b : r.builds) {
    builds_ok += b.ok();
    if (r.skip_missing && b.missing()) skipped.push_back(b.name);
  }
  out += fmt::format("{} of {} builds available{}, {} of {} cells measured in {}.{}\n\n", builds_ok, r.builds.size(),
                     skipped.empty() ? "" : " (skipped, could not be had: " + escape_inline(join(skipped, ", ")) + ")",
                     ok, r.cells.size(), format_duration(std::chrono::duration<double>(r.wall_seconds)),
                     r.interrupted ? " **The run was interrupted; results are partial.**" : "");
  shard_line(out, r);
  if (auto forced = results::failures_only_with_gil_forced_off(r); !forced.empty())
    out += fmt::format(
        "**{} {} only with the GIL forced off** (`PYTHON_GIL=0`): see \"Cells that did not "
        "measure\" for the extension modules of their package sets.\n\n",
        forced.size(), forced.size() == 1 ? "cell fails" : "cells fail");
  out += thread_safety_headline(r.thread_safety, r.workload_races);
  out += findings_section(r);
  environment_section(out, r);
  builds_section(out, r);
  if (!r.module_checks.empty() || !r.installs.empty())
    out += render_compatibility(r.installs, r.module_checks, r.together, results::failures_only_with_gil_forced_off(r));
  out += thread_safety_markdown(r.stress_runs, r.thread_safety);
  out += workload_races_markdown(r.workload_races);
  environments_section(out, r);
  charts_section(out, charts);
  scaling_section(out, r);
  out += overhead_section(r);
  failures_section(out, r);
  out += measurement_section(r);
  if (!r.notes.empty()) {
    out += "## Notes\n\n";
    for (const auto& note : r.notes) out += "- " + escape_inline(note) + "\n";
    out += "\n";
  }
  out += "## Reproduce\n\n" + PortablePaths::legend() + "\n" +
         fenced_block(PortablePaths::for_run(r).apply_to_command(r.reproduce), "sh");
  return PortablePaths::for_run(r).apply(out);
}

}  // namespace gm::report
