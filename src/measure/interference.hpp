#pragma once
// Did anything else run on a cell's cores while it measured? The runner
// brackets every sample with the /proc/stat lines of the watched cores and
// the CPU time of its own process tree; busy time on those cores that was not
// ours was taken by other processes, and steal time by the hypervisor.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/protocol.hpp"

namespace gm::measure {

// One "cpuN ..." line of /proc/stat, in clock ticks.
struct CpuTicks {
  int cpu = -1;
  std::uint64_t user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;

  std::uint64_t busy() const { return user + nice + system + irq + softirq; }
  std::uint64_t total() const { return busy() + idle + iowait + steal; }
};

std::optional<CpuTicks> parse_cpu_line(std::string_view line);

// CPU time of the watched cores during one or more samples, in seconds.
struct CoreLoad {
  double capacity = 0;  // watched cores x window
  double others = 0;    // busy time that was not the runner's
  double steal = 0;     // time the hypervisor gave to someone else
  // How far others + steal can be off: the counters move in whole ticks, so
  // each watched core's difference is off by up to one tick per sample.
  double resolution = 0;
  bool measured = false;  // false when /proc/stat could not be read

  double others_share() const { return capacity > 0 ? others / capacity : 0; }
  double steal_share() const { return capacity > 0 ? steal / capacity : 0; }
  double resolution_share() const { return capacity > 0 ? resolution / capacity : 0; }
  // What others and the hypervisor took together, as a share of the cores.
  double interference() const { return others_share() + steal_share(); }
  // Certainly above the limit: by more than the counters can be off. A 10 ms
  // sample on two cores (a tick is 10 ms) cannot tell 0% from 50%.
  bool beyond(double limit) const { return measured && interference() - resolution_share() > limit; }
  CoreLoad& operator+=(const CoreLoad& other);
};

CoreLoad sample_load(const harness::RunnerSample& sample, long ticks_per_second);
CoreLoad total_load(std::span<const harness::RunnerSample> samples, long ticks_per_second);

// Cores kept busy by the timed work: its CPU time over its wall time.
double cores_busy(const harness::RunnerSample& sample);

// "other processes used 38% of cores 0-1 during this cell; the hypervisor took 4%"
std::string describe_interference(const CoreLoad& load, const std::vector<int>& cpus);

// "0-1", "0,2,5-7"
std::string cpu_ranges(const std::vector<int>& cpus);

}  // namespace gm::measure
