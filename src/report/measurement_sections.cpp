#include "report/measurement_sections.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "report/markdown_text.hpp"
#include "util/strings.hpp"

namespace gm::report {

std::string findings_section(const results::RunResults& run) {
  std::string out = "## Findings\n\n";
  std::size_t measured = std::count_if(run.cells.begin(), run.cells.end(),
                                       [](const auto& c) { return c.status == results::cell_status::ok; });
  if (run.findings.empty()) {
    out += measured == 0 ? "No cell measured, so there is nothing to compare with what the workloads expect.\n\n"
                         : fmt::format("Every measured speedup matched what its workload expects (within ±{:.0f}%), "
                                       "and no figure was disturbed, implausible or unstable.\n\n",
                                       run.measurement.expectation_tolerance * 100);
    return out;
  }
  out += fmt::format("What deviates from what the workloads expect (each workload's `EXPECTED_SPEEDUP`, "
                     "±{:.0f}%), and figures that cannot be trusted; everything else matched.\n\n",
                     run.measurement.expectation_tolerance * 100);
  for (const auto& f : run.findings) {
    const char* mark = f.kind == results::finding_kind::expectation ? "" : "⚠ ";
    out += fmt::format("- {}{}\n", mark, escape_inline(f.text));
  }
  return out + "\n";
}

std::string overhead_section(const results::RunResults& run) {
  if (run.overhead.empty()) return "";
  std::string out = "## Free-threading overhead\n\n";
  out += "Time per unit of work with one worker, free-threaded build against the GIL build of the same version, "
         "source and configure flags (95% interval in brackets). Positive: the free-threaded build is slower.\n\n";
  out += "| workload | free-threaded | GIL build | executor | slowdown | per unit (free-threaded / GIL) |\n";
  out += "|---|---|---|---|---|---|\n";
  for (const auto& o : run.overhead) {
    std::string interval =
        o.interval ? fmt::format(" [{:+.0f}%, {:+.0f}%]", o.interval->low * 100, o.interval->high * 100) : "";
    out += fmt::format("| {} | {} | {} | {} | {:+.0f}%{} | {:.3g} ms / {:.3g} ms |\n", escape_inline(o.workload),
                       escape_inline(o.free_threaded_build), escape_inline(o.gil_build), escape_inline(o.executor),
                       o.slowdown * 100, interval, o.free_threaded_unit_seconds * 1000, o.gil_unit_seconds * 1000);
  }
  out += "\n";
  for (const auto& o : run.overhead)
    out += fmt::format("- {} is {:.0f}% {} than {} on {} at 1 worker.\n", escape_inline(o.free_threaded_build),
                       std::abs(o.slowdown) * 100, o.slowdown >= 0 ? "slower" : "faster", escape_inline(o.gil_build),
                       escape_inline(o.workload));
  return out + "\n";
}

std::string measurement_section(const results::RunResults& run) {
  const auto& m = run.measurement;
  std::string out = "## How it was measured\n\n";
  if (!m.isolation.empty()) {
    out += fmt::format("- Isolation: **{}** ({}).\n", m.isolation,
                       m.isolation == "exclusive"
                           ? "one measured cell at a time; the other cores stayed idle, and their load was watched too"
                           : "cells filled all cores at once, each pinned to cores of its own");
    out += m.sample_time > 0
               ? fmt::format("- Iterations calibrated per build and workload so one 1-worker sample lasts about "
                             "{:.2f}s; every worker count uses the same (weak scaling).\n",
                             m.sample_time)
               : "- Iterations from each workload's `ITERATIONS` (calibration off).\n";
    out += fmt::format("- Intervals are 95% percentile bootstrap intervals (2000 resamples) over the samples of the "
                       "cell and of its 1-worker baseline.\n");
    out += fmt::format("- A round of samples in which other processes or the hypervisor took more than {:.0f}% of "
                       "the watched cores was set aside and measured again later, up to {} attempts; a speedup "
                       "above workers × {:.2f} made its baseline be measured again.\n",
                       m.interference_limit * 100, m.attempts, 1 + m.plausible_margin);
  }
  std::size_t set_aside = 0, disturbed = 0;
  for (const auto& c : run.cells) {
    set_aside += std::count_if(c.attempts.begin(), c.attempts.end(), [](const auto& a) { return !a.kept; });
    disturbed += c.disturbed;
  }
  out += fmt::format("- {} round{} set aside; {} cell{} disturbed in every attempt.\n", set_aside,
                     set_aside == 1 ? "" : "s", disturbed, disturbed == 1 ? " was" : "s were");
  for (const auto& warning : run.environment.warnings) out += "- ⚠ " + escape_inline(warning) + "\n";
  return out + "\n";
}

}  // namespace gm::report
