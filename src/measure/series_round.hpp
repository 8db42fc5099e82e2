#pragma once
// The cells of one scaling series (one build, workload, executor and GIL
// mode; 1 and N workers) measured by one runner process a round. The process
// holds the series' largest worker count and each sample is taken by the
// workers of one cell (runner.py --schedule), in mirrored blocks (A B B A):
// the two sides of a speedup are then milliseconds apart with no process
// start between them, a drift of the host within the round falls on both
// sides alike, and the runner's start-up is paid once for the whole series.
#include <cstddef>
#include <filesystem>
#include <random>
#include <vector>

#include "measure/cell_measurement.hpp"

namespace gm::measure {

// Which of `members` cells takes each sample: `samples` blocks that each hold
// every member once, a fresh random order in every even block and the mirror
// of the block before in every odd one, so that over each pair of blocks
// every member sits as early as every other (a linear drift cancels).
std::vector<std::size_t> interleaved_schedule(std::size_t members, int samples, std::mt19937_64& engine);

// One round of every cell in `cells` (one series: distinct worker counts)
// from one runner process pinned to the first cores of `cpus` its largest
// cell needs, sampling in the order `schedule` gives (indexes into `cells`),
// its environment padded by `layout_padding` bytes.
// When the process did not measure (it failed, crashed, timed out), every
// cell gets that outcome: the caller measures them one by one to tell whose
// failure it is.
std::vector<Round> measure_series_round(const MeasureContext& context, const std::vector<const config::Cell*>& cells,
                                        const std::filesystem::path& python, const std::filesystem::path& workload,
                                        const std::vector<int>& cpus, const std::vector<int>& watched,
                                        const std::vector<std::size_t>& schedule, std::size_t layout_padding);

// The rounds of each cell in one series process's outcome: its own samples
// (by their worker count), the load on the watched cores during them, its
// peak memory, and its share of the process's wall time.
std::vector<Round> split_series_outcome(const RunnerOutcome& outcome, const std::vector<const config::Cell*>& cells,
                                        const std::vector<int>& cpus, const std::vector<int>& watched,
                                        std::size_t layout_padding);

}  // namespace gm::measure
