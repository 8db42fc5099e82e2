#include "measure/series_round.hpp"

#include <algorithm>
#include <chrono>

#include "measure/interference.hpp"
#include "util/strings.hpp"

namespace gm::measure {

std::vector<std::size_t> interleaved_schedule(std::size_t members, int samples, std::mt19937_64& engine) {
  std::vector<std::size_t> block(members);
  for (std::size_t i = 0; i < members; ++i) block[i] = i;
  std::vector<std::size_t> schedule;
  for (int b = 0; b < samples; ++b) {
    if (b % 2 == 0)
      std::shuffle(block.begin(), block.end(), engine);
    else
      std::reverse(block.begin(), block.end());
    schedule.insert(schedule.end(), block.begin(), block.end());
  }
  return schedule;
}

std::vector<Round> split_series_outcome(const RunnerOutcome& outcome, const std::vector<const config::Cell*>& cells,
                                        const std::vector<int>& cpus, const std::vector<int>& watched,
                                        std::size_t layout_padding) {
  const auto& all = outcome.result.samples;
  double windows = 0;
  for (const auto& s : all) windows += s.window > 0 ? s.window : s.seconds;
  std::vector<Round> rounds;
  for (const auto* cell : cells) {
    Round round;
    round.cpus = cores_for(*cell, cpus);
    round.layout_padding = layout_padding;
    round.watched = watched;
    round.outcome = outcome;
    auto& own = round.outcome.result.samples;
    own.clear();
    double own_windows = 0, peak = 0;
    for (const auto& s : all) {
      if (s.workers != cell->workers) continue;
      own.push_back(s);
      own_windows += s.window > 0 ? s.window : s.seconds;
      peak = std::max(peak, s.rss_mb);
    }
    // The process's start and end are the series' together: each cell's
    // share of the wall time is its share of the sampled time.
    round.outcome.wall_seconds = windows > 0 ? outcome.wall_seconds * own_windows / windows
                                             : outcome.wall_seconds / static_cast<double>(cells.size());
    if (peak > 0) round.outcome.result.max_rss_mb = peak;
    round.load = total_load(own, outcome.result.clock_ticks_per_second);
    rounds.push_back(std::move(round));
  }
  return rounds;
}

std::vector<Round> measure_series_round(const MeasureContext& context, const std::vector<const config::Cell*>& cells,
                                        const std::filesystem::path& python, const std::filesystem::path& workload,
                                        const std::vector<int>& cpus, const std::vector<int>& watched,
                                        const std::vector<std::size_t>& schedule, std::size_t layout_padding) {
  const auto* widest = *std::max_element(cells.begin(), cells.end(), [](const auto* a, const auto* b) {
    return a->cores() < b->cores() || (a->cores() == b->cores() && a->workers < b->workers);
  });
  const auto* smallest = *std::min_element(cells.begin(), cells.end(),
                                           [](const auto* a, const auto* b) { return a->workers < b->workers; });
  const auto process_cpus = cores_for(*widest, cpus);
  int most_workers = 0;
  auto timeout = std::chrono::milliseconds(0);
  for (const auto* cell : cells) {
    most_workers = std::max(most_workers, cell->workers);
    timeout = std::max(timeout, std::chrono::duration_cast<std::chrono::milliseconds>(cell->timeout));
  }
  std::vector<std::string> workers;
  for (auto member : schedule) workers.push_back(std::to_string(cells.at(member)->workers));
  // The series' log is its smallest cell's: one process, one log.
  auto call = measuring_call(context, *smallest, python, workload, process_cpus, watched);
  call.timeout = timeout;
  call.layout_padding = layout_padding;
  call.arguments.insert(call.arguments.end(),
                        {"--workers", std::to_string(most_workers), "--schedule", join(workers, ",")});
  return split_series_outcome(invoke_runner(context, call), cells, process_cpus, watched, layout_padding);
}

}  // namespace gm::measure
