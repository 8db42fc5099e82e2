#include "results/overhead.hpp"

#include <algorithm>
#include <regex>

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
  auto baseline = [&](const std::string& build, const std::string& workload, const char* executor) -> const CellResult* {
    for (const auto& c : run.cells)
      if (c.cell.build == build && c.cell.workload == workload && c.cell.workers == 1 &&
          c.cell.gil_mode == config::GilMode::default_mode && config::to_string(c.cell.executor) == std::string(executor) &&
          c.status == cell_status::ok && c.iterations > 0 && !c.samples.empty())
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
          auto per_unit = [](const CellResult& c) {
            std::vector<double> units;
            for (double s : c.samples) units.push_back(s / c.iterations);
            return units;
          };
          auto ft_units = per_unit(*a), gil_units = per_unit(*b);
          OverheadRecord record;
          record.workload = workload;
          record.executor = executor;
          record.free_threaded_build = ft.name;
          record.gil_build = gil.name;
          record.free_threaded_unit_seconds = median(ft_units);
          record.gil_unit_seconds = median(gil_units);
          record.slowdown = record.free_threaded_unit_seconds / record.gil_unit_seconds - 1;
          auto ratio = bootstrap_ratio_interval(ft_units, gil_units, 1, seed_for(ft.name + "/" + gil.name + "/" + workload));
          record.interval = Interval{ratio.low - 1, ratio.high - 1};
          out.push_back(record);
          break;  // one executor per workload: the first of the preference that both measured
        }
    }
  return out;
}

}  // namespace gm::results
