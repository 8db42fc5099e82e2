#include "cli/shard_option.hpp"

#include <fmt/format.h>

#include "config/shard.hpp"
#include "util/error.hpp"

namespace gm::cli {

std::pair<config::Matrix, results::ShardInfo> select_shard_option(const config::Matrix& matrix,
                                                                  const std::string& text) {
  auto spec = config::parse_shard(text);
  if (!spec) throw UsageError("--shard: " + spec.error());
  auto selected = config::select_shard(matrix, *spec);
  if (!selected) throw UsageError(fmt::format("--shard {}: {}", text, selected.error()));
  results::ShardInfo info{spec->index, spec->total, {}, {}};
  for (const auto& b : matrix.builds) info.matrix_builds.push_back(b.name);
  for (const auto& b : selected->builds) info.builds.push_back(b.name);
  return {std::move(*selected), std::move(info)};
}

}  // namespace gm::cli
