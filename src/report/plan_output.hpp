#pragma once
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "config/plan.hpp"
#include "config/shard.hpp"

// The formats of `gilmatrix plan`. Each returns what goes to stdout.
namespace gm::report {

// One line per cell, the count and the notes.
std::string plan_text(const config::Plan& plan);

// One line per shard with its cells and builds, and how to run and merge them.
std::string plan_shards_text(const config::Plan& plan, const config::ShardBuilds& shards);

// The cells and notes; with shards, each shard's builds and cell count.
nlohmann::json plan_json(const config::Plan& plan, const std::optional<config::ShardBuilds>& shards);

// A GitHub Actions strategy.matrix: {"include": [{"shard": "1/2", "builds": "a,b"}, ...]}.
nlohmann::json shards_strategy_matrix(const config::ShardBuilds& shards);

}  // namespace gm::report
