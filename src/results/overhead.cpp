#include "results/overhead.hpp"

#include <algorithm>
#include <regex>

#include "results/paired.hpp"
#include "results/statistics.hpp"
#include "util/strings.hpp"

namespace gm::results {

namespace {

// config_args of an existing interpreter without what only places it or
// makes it free-threaded.
std::string comparable_config_args(const std::string& config_args) {
  std::string text = std::regex_replace(config_args, std::regex("'?--prefix=[^' ]*'?"), "");
  text = std::regex_replace(text, std::regex("'?--disable-gil'?"), "");
  return trim(std::regex_replace(text, std::regex("\\s+"), " "));
}

std::vector<std::string> configure_without_free_threading(const BuildRecord& b) {
  auto flags = b.details.configure;
  std::erase(flags, "--disable-gil");
  return flags;
}

const char* kExecutorPreference[] = {"threads", "processes", "interpreters", "asyncio"};

// Per unit of work: calibration may give the two builds different iteration counts.
std::vector<double> per_unit(const CellResult& c) {
  std::vector<double> units;
  for (double s : c.samples) units.push_back(s / c.iterations);
  return units;
}

Interval minus_one(const Interval& ratio) { return {ratio.low - 1, ratio.high - 1}; }
std::optional<Interval> minus_one(const std::optional<Interval>& ratio) {
  if (!ratio) return std::nullopt;
  return minus_one(*ratio);
}

// The figures of one pair of 1-worker cells: round by round when they were
// measured in the same rounds, else from the medians measured apart.
void fill_overhead(OverheadRecord& record, const CellResult& ft, const CellResult& gil, std::uint64_t seed) {
  auto ft_units = per_unit(ft), gil_units = per_unit(gil);
  record.free_threaded_unit_seconds = median(ft_units);
  record.gil_unit_seconds = median(gil_units);
  if (auto wall = paired_ratio(ft, gil, wall_per_unit, 1)) {
    record.rounds = wall->rounds;
    record.slowdown = wall->estimate - 1;
    record.interval = minus_one(wall->interval);
    if (auto cpu = overhead_in_cpu_time(ft, gil) ? paired_ratio(ft, gil, cpu_per_unit, 1) : std::nullopt) {
      record.cpu_slowdown = cpu->estimate - 1;
      record.cpu_interval = minus_one(cpu->interval);
    }
    if (auto memory = paired_ratio(ft, gil, round_rss, 1)) {
      record.memory_overhead = memory->estimate - 1;
      record.memory_interval = minus_one(memory->interval);
    }
  } else {
    record.slowdown = record.free_threaded_unit_seconds / record.gil_unit_seconds - 1;
    record.interval = minus_one(bootstrap_ratio_interval(ft_units, gil_units, 1, seed));
  }
  auto rss = [](const CellResult& c) {
    std::vector<double> values;
    for (const auto& a : c.attempts)
      if (a.kept && a.max_rss_mb > 0) values.push_back(a.max_rss_mb);
    return values.empty() ? 0.0 : median(values);
  };
  record.free_threaded_rss_mb = rss(ft);
  record.gil_rss_mb = rss(gil);
}

}  // namespace

bool same_but_for_free_threading(const BuildRecord& ft, const BuildRecord& gil) {
  if (!ft.ok() || !gil.ok() || !ft.probe || !gil.probe) return false;
  if (!ft.probe->free_threaded || gil.probe->free_threaded) return false;
  if (ft.probe->version != gil.probe->version || ft.probe->compiler != gil.probe->compiler) return false;
  if (ft.details.sha256 != gil.details.sha256 || ft.details.commit != gil.details.commit) return false;
  if (configure_without_free_threading(ft) != configure_without_free_threading(gil)) return false;
  bool from_source = !ft.details.sha256.empty() || !ft.details.commit.empty();
  return from_source || comparable_config_args(ft.probe->config_args) == comparable_config_args(gil.probe->config_args);
}

std::vector<OverheadRecord> free_threading_overhead(const RunResults& run) {
  std::vector<OverheadRecord> out;
  auto baseline = [&](const std::string& build, const std::string& workload,
                      const char* executor) -> const CellResult* {
    for (const auto& c : run.cells)
      if (c.cell.build == build && c.cell.workload == workload && c.cell.workers == 1 &&
          c.cell.gil_mode == config::GilMode::default_mode &&
          config::to_string(c.cell.executor) == std::string(executor) && c.status == CellStatus::ok &&
          c.iterations > 0 && !c.samples.empty())
        return &c;
    return nullptr;
  };
  std::vector<std::string> workloads;
  for (const auto& c : run.cells)
    if (std::find(workloads.begin(), workloads.end(), c.cell.workload) == workloads.end())
      workloads.push_back(c.cell.workload);
  for (const auto& ft : run.builds)
    for (const auto& gil : run.builds) {
      if (!same_but_for_free_threading(ft, gil)) continue;
      for (const auto& workload : workloads)
        for (const char* executor : kExecutorPreference) {
          const auto* a = baseline(ft.name, workload, executor);
          const auto* b = baseline(gil.name, workload, executor);
          if (!a || !b) continue;
          OverheadRecord record;
          record.workload = workload;
          record.executor = executor;
          record.free_threaded_build = ft.name;
          record.gil_build = gil.name;
          fill_overhead(record, *a, *b, seed_for(ft.name + "/" + gil.name + "/" + workload));
          out.push_back(record);
          break;  // one executor per workload: the first of the preference that both measured
        }
    }
  return out;
}

}  // namespace gm::results
