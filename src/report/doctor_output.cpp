#include "report/doctor_output.hpp"

#include <fmt/format.h>

#include "util/strings.hpp"
#include "util/text_table.hpp"

namespace gm::report {

namespace {

double cache_mebibytes(const results::DoctorFacts& facts) { return static_cast<double>(facts.cache_bytes) / (1 << 20); }

std::string noise_line(const results::DoctorFacts& facts) {
  if (!facts.noise_floor) return "not measured (" + facts.noise_not_measured + ")";
  const auto& floor = *facts.noise_floor;
  return fmt::format(
      "cv {:.1f}% on one core, {:.1f}% on all {} cores; neighbouring samples' ratio "
      "±{:.1f}%; steal {:.1f}%: about {} paired rounds per group for ±{:.0f}%",
      floor.cv_one_core * 100, floor.cv_all_cores * 100, facts.machine.usable_cores, floor.pair_cv * 100,
      floor.steal_share * 100, floor.predicted_rounds, floor.precision * 100);
}

std::string dependencies_table(const results::DoctorFacts& facts) {
  using Align = TextTable::Align;
  TextTable table({Align::left, Align::left, Align::left}, "  ");
  for (const auto& dep : facts.build_dependencies)
    table.add_row({dep.installed ? "[x]" : "[ ]", dep.package, dep.provides});
  if (auto missing = facts.missing_packages(); !missing.empty())
    table.add_line("  install the missing ones with: sudo apt-get install " + join(missing, " "));
  return table.render();
}

std::string interpreters_table(const results::DoctorFacts& facts) {
  using Align = TextTable::Align;
  TextTable table({Align::left, Align::left}, "  ");
  for (const auto& found : facts.interpreters)
    table.add_row({found.python.string(), found.version + (found.free_threaded ? " free-threaded" : "")});
  return table.render();
}

// A rendered block of lines, kept as it is among the labelled lines.
void add_block(TextTable& table, const std::string& heading, const std::string& block) {
  table.add_line(heading);
  for (const auto& line : split_lines(block)) table.add_line(line);
}

}  // namespace

// One labelled fact per line ("machine:", each tool, "noise:", "cache:", "mirror:"),
// the values in one column, with the dependency and interpreter lists between them.
std::string doctor_text(const results::DoctorFacts& facts) {
  using Align = TextTable::Align;
  TextTable table({Align::left, Align::left});
  const auto& machine = facts.machine;
  table.add_row({"machine:", fmt::format("{} ({} usable of {} online cores), {}, {}", machine.cpu, machine.usable_cores,
                                         machine.online_cores, machine.os, machine.kernel)});
  for (const auto& tool : facts.tools) table.add_row({tool.name + ":", tool.version.value_or("not found")});
  add_block(table, "CPython build dependencies (Debian packages):", dependencies_table(facts));
  add_block(table, "interpreters found:", interpreters_table(facts));
  table.add_row({"noise:", noise_line(facts)});
  table.add_row({"cache:", fmt::format("{} ({:.1f} MiB)", facts.cache_dir.string(), cache_mebibytes(facts))});
  for (const auto& mirror : facts.mirrors)
    table.add_row({"mirror:", fmt::format("{} ({})", mirror.dir.string(),
                                          mirror.has_cpython ? "has cpython/" : "no cpython/ folder")});
  return table.render();
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
