#include "report/doctor_output.hpp"

#include <fmt/format.h>

#include "util/strings.hpp"

namespace gm::report {

namespace {

double cache_mebibytes(const results::DoctorFacts& facts) { return static_cast<double>(facts.cache_bytes) / (1 << 20); }

std::string noise_line(const results::DoctorFacts& facts) {
  if (!facts.noise_floor) return "noise:     not measured (" + facts.noise_not_measured + ")";
  const auto& floor = *facts.noise_floor;
  return fmt::format(
      "noise:     cv {:.1f}% on one core, {:.1f}% on all {} cores; neighbouring samples' ratio "
      "±{:.1f}%; steal {:.1f}%: about {} paired rounds per group for ±{:.0f}%",
      floor.cv_one_core * 100, floor.cv_all_cores * 100, facts.machine.usable_cores, floor.pair_cv * 100,
      floor.steal_share * 100, floor.predicted_rounds, floor.precision * 100);
}

}  // namespace

std::string doctor_text(const results::DoctorFacts& facts) {
  std::string out;
  auto line = [&out](const std::string& text) { out += text + "\n"; };
  const auto& machine = facts.machine;
  line(fmt::format("machine:   {} ({} usable of {} online cores), {}, {}", machine.cpu, machine.usable_cores,
                   machine.online_cores, machine.os, machine.kernel));
  for (const auto& tool : facts.tools)
    line(fmt::format("{:<10} {}", tool.name + ":", tool.version.value_or("not found")));
  line("CPython build dependencies (Debian packages):");
  for (const auto& dep : facts.build_dependencies)
    line(fmt::format("  [{}] {:<20} {}", dep.installed ? "x" : " ", dep.package, dep.provides));
  if (auto missing = facts.missing_packages(); !missing.empty())
    line("  install the missing ones with: sudo apt-get install " + join(missing, " "));
  line("interpreters found:");
  for (const auto& found : facts.interpreters)
    line(fmt::format("  {:<45} {}{}", found.python.string(), found.version,
                     found.free_threaded ? " free-threaded" : ""));
  line(noise_line(facts));
  line(fmt::format("cache:     {} ({:.1f} MiB)", facts.cache_dir.string(), cache_mebibytes(facts)));
  for (const auto& mirror : facts.mirrors)
    line(fmt::format("mirror:    {} ({})", mirror.dir.string(),
                     mirror.has_cpython ? "has cpython/" : "no cpython/ folder"));
  return out;
}

nlohmann::json doctor_json(const results::DoctorFacts& facts) {
  nlohmann::json tools = nlohmann::json::object();
  for (const auto& tool : facts.tools) tools[tool.name] = tool.version ? nlohmann::json(*tool.version) : nullptr;
  return {{"machine", facts.machine},
          {"tools", tools},
          {"build_dependencies", facts.build_dependencies},
          {"interpreters", facts.interpreters},
          {"noise_floor", facts.noise_floor ? nlohmann::json(*facts.noise_floor) : nullptr},
          {"cache", {{"dir", facts.cache_dir.string()}, {"size_mib", cache_mebibytes(facts)}}},
          {"mirrors", facts.mirrors},
          {"healthy", facts.healthy()}};
}

}  // namespace gm::report
