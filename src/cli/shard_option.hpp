#pragma once
#include <string>
#include <utility>

#include "config/matrix.hpp"
#include "results/model.hpp"

namespace gm::cli {

// `--shard K/N` of run and plan: the matrix reduced to that shard's builds and
// what results.json records about the shard. Throws UsageError naming the option.
std::pair<config::Matrix, results::ShardInfo> select_shard_option(const config::Matrix& matrix,
                                                                  const std::string& text);

}  // namespace gm::cli
