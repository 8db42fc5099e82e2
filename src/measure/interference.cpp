#include "measure/interference.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include <fmt/format.h>

#include "util/strings.hpp"

namespace gm::measure {

std::optional<CpuTicks> parse_cpu_line(std::string_view line) {
  auto fields = split_whitespace(std::string(line));
  if (fields.size() < 9 || !fields[0].starts_with("cpu") || fields[0].size() < 4) return std::nullopt;
  CpuTicks t;
  auto number = [](const std::string& text, auto& out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
  };
  std::uint64_t* slots[] = {&t.user, &t.nice, &t.system, &t.idle, &t.iowait, &t.irq, &t.softirq, &t.steal};
  if (!number(fields[0].substr(3), t.cpu)) return std::nullopt;
  for (std::size_t i = 0; i < 8; ++i)
    if (!number(fields[i + 1], *slots[i])) return std::nullopt;
  return t;
}

CoreLoad& CoreLoad::operator+=(const CoreLoad& other) {
  capacity += other.capacity;
  others += other.others;
  steal += other.steal;
  resolution += other.resolution;
  measured = measured || other.measured;
  return *this;
}

CoreLoad sample_load(const harness::RunnerSample& sample, long ticks_per_second) {
  CoreLoad load;
  if (sample.stat_before.empty() || ticks_per_second <= 0) return load;
  std::map<int, CpuTicks> before;
  for (const auto& line : sample.stat_before)
    if (auto t = parse_cpu_line(line)) before[t->cpu] = *t;
  double busy = 0, total = 0, steal = 0;
  for (const auto& line : sample.stat_after) {
    auto after = parse_cpu_line(line);
    if (!after) continue;
    auto it = before.find(after->cpu);
    if (it == before.end()) continue;
    const CpuTicks& b = it->second;
    // Counters only grow; a smaller one means a reset (CPU hot-plug): skip that core.
    if (after->busy() < b.busy() || after->total() < b.total() || after->steal < b.steal) continue;
    busy += static_cast<double>(after->busy() - b.busy());
    total += static_cast<double>(after->total() - b.total());
    steal += static_cast<double>(after->steal - b.steal);
  }
  const double tick = 1.0 / static_cast<double>(ticks_per_second);
  load.measured = total > 0;
  // The counters move in whole ticks: at least the window, as the clock saw it.
  load.capacity = std::max(total * tick, sample.window * static_cast<double>(before.size()));
  load.others = std::max(0.0, busy * tick - sample.own_cpu);
  load.steal = steal * tick;
  load.resolution = tick * static_cast<double>(before.size());
  return load;
}

CoreLoad total_load(std::span<const harness::RunnerSample> samples, long ticks_per_second) {
  CoreLoad load;
  for (const auto& s : samples) load += sample_load(s, ticks_per_second);
  return load;
}

double cores_busy(const harness::RunnerSample& sample) {
  return sample.seconds > 0 ? sample.work_cpu / sample.seconds : 0;
}

std::string cpu_ranges(const std::vector<int>& cpus) {
  std::vector<int> sorted = cpus;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i;
    while (j + 1 < sorted.size() && sorted[j + 1] == sorted[j] + 1) ++j;
    parts.push_back(j == i ? std::to_string(sorted[i]) : fmt::format("{}-{}", sorted[i], sorted[j]));
    i = j + 1;
  }
  return join(parts, ",");
}

std::string describe_interference(const CoreLoad& load, const std::vector<int>& cpus) {
  if (!load.measured) return "the load on its cores could not be read (/proc/stat)";
  std::string text = fmt::format("other processes used {:.0f}% of {} {}", load.others_share() * 100,
                                 cpus.size() == 1 ? "core" : "cores", cpu_ranges(cpus));
  if (load.steal_share() >= 0.005) text += fmt::format("; the hypervisor took {:.0f}%", load.steal_share() * 100);
  return text;
}

}  // namespace gm::measure
