#include "report/measurement_sections.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "report/markdown_text.hpp"
#include "results/findings.hpp"
#include "results/paired.hpp"
#include "results/statistics.hpp"
#include "util/strings.hpp"

namespace gm::report {

std::string findings_section(const results::RunResults& run) {
  std::string out = "## Findings\n\n";
  std::size_t measured = std::count_if(run.cells.begin(), run.cells.end(),
                                       [](const auto& c) { return c.status == results::CellStatus::ok; });
  if (run.findings.empty()) {
    out += measured == 0 ? "No cell measured, so there is nothing to compare with what the workloads expect.\n\n"
                         : fmt::format(
                               "Every measured speedup matched what its workload expects (within ±{:.0f}%), "
                               "and no figure was disturbed, implausible or unstable.\n\n",
                               run.measurement.expectation_tolerance * 100);
    return out;
  }
  out += fmt::format(
      "What deviates from what the workloads expect (each workload's `EXPECTED_SPEEDUP`, "
      "±{:.0f}%), and figures that cannot be trusted; everything else matched.\n\n",
      run.measurement.expectation_tolerance * 100);
  for (const auto& f : run.findings) {
    const char* mark = f.kind == results::finding_kind::expectation ? "" : "⚠ ";
    out += fmt::format("- {}{}\n", mark, escape_inline(f.text));
  }
  return out + "\n";
}

namespace {

double seconds(std::chrono::milliseconds duration) { return std::chrono::duration<double>(duration).count(); }

// "+8% [+5%, +11%]"
std::string percent_with_interval(double value, const std::optional<results::Interval>& interval) {
  std::string text = fmt::format("{:+.0f}%", value * 100);
  if (interval) text += fmt::format(" [{:+.0f}%, {:+.0f}%]", interval->low * 100, interval->high * 100);
  return text;
}

// One sentence on one figure: a difference only where its interval excludes zero.
std::string overhead_sentence(const results::OverheadRecord& o, double value,
                              const std::optional<results::Interval>& interval, const char* what, const char* more,
                              const char* less) {
  const auto ft = escape_inline(o.free_threaded_build), gil = escape_inline(o.gil_build);
  if (interval && interval->low <= 0 && interval->high >= 0)
    return fmt::format("{}: no difference measurable between {} and {} at ±{:.0f}%", what, ft, gil,
                       std::max(-interval->low, interval->high) * 100);
  std::string text =
      fmt::format("{}: {} {:.0f}% {} than {}", what, ft, std::abs(value) * 100, value >= 0 ? more : less, gil);
  if (interval) text += fmt::format(" [{:+.0f}%, {:+.0f}%]", interval->low * 100, interval->high * 100);
  return text;
}

}  // namespace

std::string overhead_section(const results::RunResults& run) {
  if (run.overhead.empty()) return "";
  std::string out = "## Free-threading overhead\n\n";
  out += fmt::format(
      "One worker, free-threaded build against the GIL build of the same version, source and configure flags, "
      "measured in the same paired rounds ({} interval in brackets; positive: the free-threaded build is slower "
      "or larger). CPU time is the work's own CPU time per unit: time the host stole from the vCPU is not charged "
      "to it, so it is the headline figure where the work keeps a core busy; wall time beside it, and the "
      "headline for work that mostly waits (under half a core busy), whose CPU time is the remainder of waking "
      "up. ⚠ ±x marks a figure that stayed wider than the precision target (points). Memory is the peak resident "
      "memory during the "
      "1-worker samples (PEP 779's second criterion), of a process that holds the series' other workers "
      "too, idle: the same in both builds.\n\n",
      results::confidence_percent());
  out += "| workload | free-threaded | GIL build | executor | CPU time | wall time | memory | rounds |\n";
  out += table_separator(8);
  for (const auto& o : run.overhead) {
    // A figure the run sampled towards its precision target and that stayed wider is marked.
    const bool imprecise = results::overhead_imprecise(run, o);
    auto mark = [&](const std::optional<results::Interval>& interval) {
      const double points = results::half_width_points(interval);
      return imprecise && points > run.measurement.precision ? fmt::format(" ⚠ ±{:.0f}", points * 100) : "";
    };
    std::string cpu =
        o.cpu_slowdown ? percent_with_interval(*o.cpu_slowdown, o.cpu_interval) + mark(o.cpu_interval) : "—";
    std::string wall = percent_with_interval(o.slowdown, o.interval) + (o.cpu_slowdown ? "" : mark(o.interval));
    std::string memory = o.memory_overhead ? fmt::format("{}{} ({:.0f} / {:.0f} MiB)",
                                                         percent_with_interval(*o.memory_overhead, o.memory_interval),
                                                         mark(o.memory_interval), o.free_threaded_rss_mb, o.gil_rss_mb)
                                           : "—";
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", escape_inline(o.workload),
                       escape_inline(o.free_threaded_build), escape_inline(o.gil_build), escape_inline(o.executor), cpu,
                       wall, memory, o.rounds > 0 ? std::to_string(o.rounds) : "not paired");
  }
  out += "\n";
  for (const auto& o : run.overhead) {
    std::vector<std::string> parts;
    if (o.cpu_slowdown)
      parts.push_back(overhead_sentence(o, *o.cpu_slowdown, o.cpu_interval, "CPU time", "slower", "faster"));
    else
      parts.push_back(overhead_sentence(o, o.slowdown, o.interval, "wall time", "slower", "faster"));
    if (o.memory_overhead)
      parts.push_back(overhead_sentence(o, *o.memory_overhead, o.memory_interval, "memory", "more", "less"));
    out += fmt::format("- {} at 1 worker: {}.\n", escape_inline(o.workload), join(parts, "; "));
  }
  return out + "\n";
}

std::string measurement_section(const results::RunResults& run) {
  const auto& m = run.measurement;
  std::string out = "## How it was measured\n\n";
  if (m.recorded) {
    const std::string confidence = results::confidence_percent();
    out += fmt::format("- Isolation: **{}** ({}).\n", config::to_string(m.isolation),
                       m.isolation == config::Isolation::exclusive
                           ? "one measured cell at a time; the other cores stayed idle, and their load was watched too"
                           : "cells filled all cores at once, each pinned to cores of its own");
    out += m.sample_time.count() > 0
               ? fmt::format(
                     "- Iterations calibrated per build and workload so one 1-worker sample lasts about "
                     "{:.2f}s; every worker count uses the same (weak scaling).\n",
                     seconds(m.sample_time))
               : "- Iterations from each workload's `ITERATIONS` (calibration off).\n";
    out +=
        "- Interleaved paired rounds: the cells compared with each other (a series' 1-worker baseline and its "
        "N-worker cells; a GIL build and its free-threaded twin at 1 worker) were measured in rounds that visit "
        "each, in random order, close in time (since 2026-12-07 a series' cells in one process a round, their "
        "samples interleaved in mirrored order, A B B A; the twin builds seconds apart). ";
    out += m.ratio_estimator == results::kMedianBootstrapEstimator
               ? fmt::format(
                     "Speedups and overheads are medians of the per-round ratios; intervals are {0} "
                     "percentile bootstrap intervals ({1} resamples) over rounds (this gilmatrix's estimator "
                     "before 2026-12-02: over 3 or 4 rounds these intervals hold the truth less often than "
                     "{0}).\n",
                     confidence, results::kResamples)
               : fmt::format(
                     "Speedups and overheads are 20% trimmed means of the per-round ratios on a log scale; "
                     "intervals are {} Student's t intervals over rounds (Tukey-McLaughlin).\n",
                     confidence);
    if (m.precision > 0)
      out += fmt::format(
          "- Rounds were added until every compared figure's interval was within ±{:.0f}%, or its "
          "group's budget ({:.0f}s of samples per cell{}) was spent; a speedup that missed is marked "
          "⚠ ±x%.\n",
          m.precision * 100, seconds(m.cell_budget),
          m.run_budget.count() > 0 ? fmt::format(", {:.0f}s for the whole run", seconds(m.run_budget)) : "");
    out += fmt::format(
        "- A round in which other processes or the hypervisor took more than {:.0f}% of the watched "
        "cores was set aside for every cell of its group and measured again later, up to {} times in "
        "a row; a speedup above workers × {:.2f}, or wholly above the cores its workers kept busy over one "
        "worker's × {:.2f}, made its group be measured again.\n",
        m.interference_limit * 100, m.attempts, 1 + m.plausible_margin, 1 + m.plausible_margin);
  }
  std::size_t set_aside = 0, disturbed = 0;
  for (const auto& c : run.cells) {
    set_aside += std::count_if(c.attempts.begin(), c.attempts.end(), [](const auto& a) { return !a.kept; });
    disturbed += c.disturbed;
  }
  out += fmt::format("- {} round{} set aside; {} cell{} disturbed in every attempt.\n", set_aside,
                     set_aside == 1 ? "" : "s", disturbed, disturbed == 1 ? " was" : "s were");
  if (const auto& noise = run.noise_floor)
    out += fmt::format(
        "- The machine's own noise, measured first ({} samples of {:.2f}s of a fixed pure-Python loop "
        "with {}): cv {:.1f}% on one core, {:.1f}% on all cores at once; neighbouring samples' ratio "
        "varied by {:.1f}%; the hypervisor took {:.1f}%. A ratio needs about {} paired rounds for "
        "±{:.0f}% here.\n",
        noise->samples, noise->sample_seconds, escape_inline(noise->python), noise->cv_one_core * 100,
        noise->cv_all_cores * 100, noise->pair_cv * 100, noise->steal_share * 100, noise->predicted_rounds,
        noise->precision * 100);
  for (const auto& warning : run.environment.warnings) out += "- ⚠ " + escape_inline(warning) + "\n";
  return out + "\n";
}

}  // namespace gm::report
