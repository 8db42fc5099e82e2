#include "results/findings.hpp"

#include <map>

#include <fmt/format.h>

#include <algorithm>

#include "results/expectations.hpp"
#include "results/paired.hpp"
#include "results/plausibility.hpp"
#include "results/statistics.hpp"
#include "util/strings.hpp"

namespace gm::results {

namespace {

std::string cell_name(const CellResult& c) {
  std::string name = fmt::format("{}, {}, {}, {} worker{}", c.cell.workload, config::to_string(c.cell.executor),
                                 c.cell.build, c.cell.workers, c.cell.workers == 1 ? "" : "s");
  if (c.cell.gil_mode != config::GilMode::default_mode)
    name += fmt::format(" (GIL mode {})", config::to_string(c.cell.gil_mode));
  return name;
}

std::string measured_text(const CellResult& c) {
  std::string text = fmt::format("{:.2f}x", *c.speedup);
  if (c.speedup_interval) text += fmt::format(" [{:.2f}, {:.2f}]", c.speedup_interval->low, c.speedup_interval->high);
  return text;
}

std::string interference_text(const CellResult& c) {
  std::string text = fmt::format("other processes used {:.0f}% of its cores", c.others_share * 100);
  if (c.steal_share >= 0.005) text += fmt::format(" and the hypervisor {:.0f}%", c.steal_share * 100);
  return text;
}

std::map<std::string, Expectations> workload_expectations(const RunResults& run, std::vector<std::string>* notes) {
  std::map<std::string, Expectations> out;
  for (const auto& w : run.workloads) {
    auto parsed = parse_expectations(w.expected_speedup);
    if (parsed)
      out[w.name] = *parsed;
    else if (notes)
      notes->push_back(fmt::format("workload {}: {}; no expectations checked", w.name, parsed.error()));
  }
  return out;
}

}  // namespace

std::vector<Finding> find_deviations(const RunResults& run, double tolerance, std::vector<std::string>* notes) {
  std::vector<Finding> findings;
  auto expectations = workload_expectations(run, notes);
  for (const auto& c : run.cells) {
    if (c.status != CellStatus::ok) continue;
    const auto* build = run.find_build(c.cell.build);
    bool free_threaded = build && build->probe && build->probe->free_threaded;
    if (c.disturbed)
      findings.push_back({finding_kind::disturbed, c.cell.key(),
                          fmt::format("{}: disturbed in every attempt ({}); its figures are not reliable", cell_name(c),
                                      interference_text(c))});
    if (c.implausible && c.speedup) {
      const auto* base = baseline_of(run.cells, c);
      const auto ceiling = base ? speedup_ceiling(c, *base, run.measurement.plausible_margin) : SpeedupCeiling{};
      findings.push_back(
          {finding_kind::implausible, c.cell.key(),
           ceiling.from_cores
               ? fmt::format("{}: {} with {:.1f} cores busy, against {:.1f} for 1 worker: a speedup above the cores "
                             "the work kept busy cannot be real (each unit costs at least its 1-worker CPU time), "
                             "and it stayed so after its round group was measured again; treat it as a failed "
                             "measurement",
                             cell_name(c), measured_text(c), ceiling.cores, ceiling.baseline_cores)
               : fmt::format("{}: {} is more than {} workers can give, even after its round group was measured "
                             "again; its baseline was probably slowed by something outside the machine",
                             cell_name(c), measured_text(c), c.cell.workers)});
    }
    if (!c.speedup || c.cell.workers < 2) continue;
    if (const auto* base = baseline_of(run.cells, c)) {
      const auto ratio = paired_ratio(*base, c, round_seconds, c.cell.workers);
      if (const auto split = ratio ? two_regimes(ratio->ratios) : std::nullopt)
        findings.push_back(
            {finding_kind::regimes, c.cell.key(),
             fmt::format("{}: its rounds fell into two groups, {:.2f}x ({} rounds) and {:.2f}x ({}); the published "
                         "{:.2f}x follows the larger and its interval says nothing of the other. The host changed "
                         "this figure for a while (where it ran the workers, say): compare runs before quoting it",
                         cell_name(c), split->high, split->high_rounds, split->low, split->low_rounds, *c.speedup)});
    }
    auto e = expectations.find(c.cell.workload);
    if (e == expectations.end()) continue;
    auto band = expected_band(e->second, c.cell.executor, free_threaded, c.cell.gil_mode);
    if (!band) continue;
    double low = band->low.at(c.cell.workers) * (1 - tolerance);
    double high = band->high.at(c.cell.workers) * (1 + tolerance);
    // A deviation only where the interval lies wholly outside the band: an
    // imprecise figure that merely may deviate is marked in the table instead.
    double measured_low = c.speedup_interval ? c.speedup_interval->low : *c.speedup;
    double measured_high = c.speedup_interval ? c.speedup_interval->high : *c.speedup;
    if (measured_high >= low && measured_low <= high) continue;
    std::string text =
        fmt::format("{}: expected {}, measured {}", cell_name(c), band->describe(c.cell.workers), measured_text(c));
    std::vector<std::string> why;
    if (free_threaded && c.cell.gil_mode != config::GilMode::on && c.gil_enabled_after.value_or(false))
      why.push_back("the GIL was on during the work (an extension module re-enabled it; see Compatibility)");
    if (c.disturbed) why.push_back("disturbed: " + interference_text(c));
    if (c.cores_busy_median > 0) why.push_back(fmt::format("{:.1f} cores busy", c.cores_busy_median));
    if (!why.empty()) text += "; " + join(why, "; ");
    findings.push_back({finding_kind::expectation, c.cell.key(), text});
  }
  auto grouped = imprecise_findings(run);
  findings.insert(findings.end(), grouped.begin(), grouped.end());
  return findings;
}

double precision_of(const CellResult& c) {
  if (c.status != CellStatus::ok) return 0;
  if (c.cell.workers > 1 && c.speedup) return relative_half_width(*c.speedup, c.speedup_interval);
  return relative_half_width(c.median_seconds, c.median_interval);
}

bool imprecise(const CellResult& c, double precision) {
  // Only a cell sampled towards the target (repeats = "auto") can miss it; a
  // fixed number of samples was what the matrix asked for.
  return precision > 0 && c.cell.repeats.automatic && c.status == CellStatus::ok && c.cell.workers > 1 && c.speedup &&
         c.speedup_interval && precision_of(c) > precision;
}

double overhead_precision_of(const OverheadRecord& o) {
  const double time = half_width_points(o.cpu_slowdown ? o.cpu_interval : o.interval);
  return o.memory_overhead ? std::max(time, half_width_points(o.memory_interval)) : time;
}

bool overhead_imprecise(const RunResults& run, const OverheadRecord& o) {
  const double target = run.measurement.precision;
  if (target <= 0 || o.rounds == 0) return false;
  auto sampled_to_target = std::any_of(run.cells.begin(), run.cells.end(), [&](const CellResult& c) {
    return c.cell.build == o.free_threaded_build && c.cell.workload == o.workload && c.cell.workers == 1 &&
           config::to_string(c.cell.executor) == o.executor && c.cell.repeats.automatic;
  });
  return sampled_to_target && overhead_precision_of(o) > target;
}

std::vector<Finding> imprecise_findings(const RunResults& run) {
  const double target = run.measurement.precision;
  std::vector<Finding> out;
  if (target <= 0) return out;
  std::vector<std::string> order;
  std::map<std::string, std::vector<const CellResult*>> missed;
  std::map<std::string, int> speedups;
  for (const auto& c : run.cells) {
    if (c.status != CellStatus::ok || c.cell.workers < 2 || !c.speedup) continue;
    if (!speedups.contains(c.cell.workload)) order.push_back(c.cell.workload);
    ++speedups[c.cell.workload];
    if (imprecise(c, target)) missed[c.cell.workload].push_back(&c);
  }
  for (const auto& workload : order) {
    auto it = missed.find(workload);
    if (it == missed.end()) continue;
    const auto& cells = it->second;
    const auto* widest = *std::max_element(
        cells.begin(), cells.end(), [](const auto* a, const auto* b) { return precision_of(*a) < precision_of(*b); });
    out.push_back({finding_kind::imprecise, "",
                   fmt::format("{}: {} of {} speedups did not reach ±{:.0f}% within their budget (widest ±{:.1f}%: {} "
                               "{} {}, {} workers); marked ⚠ in the table",
                               workload, cells.size(), speedups[workload], target * 100, precision_of(*widest) * 100,
                               widest->cell.build, config::to_string(widest->cell.executor),
                               config::to_string(widest->cell.gil_mode), widest->cell.workers)});
  }
  std::vector<const OverheadRecord*> overheads_missed;
  for (const auto& o : run.overhead)
    if (overhead_imprecise(run, o)) overheads_missed.push_back(&o);
  if (!overheads_missed.empty()) {
    const auto* widest = *std::max_element(
        overheads_missed.begin(), overheads_missed.end(),
        [](const auto* a, const auto* b) { return overhead_precision_of(*a) < overhead_precision_of(*b); });
    out.push_back(
        {finding_kind::imprecise, "",
         fmt::format("free-threading overhead: {} of {} did not reach ±{:.0f} points within their budget "
                     "(widest ±{:.1f} points: {}, {} over {}); marked ⚠ in the table",
                     overheads_missed.size(), run.overhead.size(), target * 100, overhead_precision_of(*widest) * 100,
                     widest->workload, widest->free_threaded_build, widest->gil_build)});
  }
  return out;
}

}  // namespace gm::results
