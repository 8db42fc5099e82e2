#include "report/plan_output.hpp"

#include <map>

#include <fmt/format.h>

#include "util/strings.hpp"
#include "util/text_table.hpp"

namespace gm::report {
namespace {

std::size_t cells_in_shard(const config::Plan& plan, const std::vector<std::string>& builds) {
  std::map<std::string, std::size_t> per_build;
  for (const auto& c : plan.expansion.cells) ++per_build[c.build];
  std::size_t total = 0;
  for (const auto& b : builds) total += per_build[b];
  return total;
}

nlohmann::json shard_entries(const config::ShardBuilds& shards) {
  nlohmann::json include = nlohmann::json::array();
  for (std::size_t i = 0; i < shards.size(); ++i)
    include.push_back({{"shard", fmt::format("{}/{}", i + 1, shards.size())}, {"builds", join(shards[i], ",")}});
  return include;
}

}  // namespace

std::string plan_text(const config::Plan& plan) {
  using Align = TextTable::Align;
  TextTable table({Align::left, Align::left, Align::left, Align::left, Align::right, Align::right, Align::right});
  table.add_row({"build", "workload", "executor", "gil", "workers", "repeats", "timeout"});
  for (const auto& c : plan.expansion.cells)
    table.add_row({c.build, c.workload, config::to_string(c.executor), config::to_string(c.gil_mode),
                   std::to_string(c.workers), c.repeats.automatic ? "auto" : std::to_string(c.repeats.count),
                   fmt::format("{}s", c.timeout.count() / 1000)});
  std::string out = table.render();
  out += fmt::format("{} cells on {} usable cores\n", plan.expansion.cells.size(), plan.usable_cores);
  for (const auto& note : plan.build_notes) out += "note: " + note + "\n";
  for (const auto& note : plan.expansion.notes) out += "note: " + note + "\n";
  return out;
}

std::string plan_shards_text(const config::Plan& plan, const config::ShardBuilds& shards) {
  std::string out;
  for (std::size_t i = 0; i < shards.size(); ++i)
    out += fmt::format("shard {}/{}: {} cells, builds {}\n", i + 1, shards.size(), cells_in_shard(plan, shards[i]),
                       join(shards[i], ", "));
  out += fmt::format(
      "run each with: gilmatrix run MATRIX --shard K/{} --out DIR; then: gilmatrix merge DIR... --out DIR\n",
      shards.size());
  return out;
}

nlohmann::json plan_json(const config::Plan& plan, const std::optional<config::ShardBuilds>& shards) {
  nlohmann::json cells = nlohmann::json::array();
  for (const auto& c : plan.expansion.cells)
    cells.push_back({{"key", c.key()},
                     {"build", c.build},
                     {"workload", c.workload},
                     {"executor", config::to_string(c.executor)},
                     {"gil_mode", config::to_string(c.gil_mode)},
                     {"workers", c.workers},
                     {"repeats", c.repeats.automatic ? nlohmann::json("auto") : nlohmann::json(c.repeats.count)},
                     {"timeout_ms", c.timeout.count()}});
  nlohmann::json notes = plan.build_notes;
  for (const auto& note : plan.expansion.notes) notes.push_back(note);
  nlohmann::json out = {{"usable_cores", plan.usable_cores}, {"cells", cells}, {"notes", notes}};
  if (shards) {
    out["shards"] = shard_entries(*shards);
    for (std::size_t i = 0; i < shards->size(); ++i) out["shards"][i]["cells"] = cells_in_shard(plan, (*shards)[i]);
  }
  return out;
}

nlohmann::json shards_strategy_matrix(const config::ShardBuilds& shards) {
  return {{"include", shard_entries(shards)}};
}

}  // namespace gm::report
