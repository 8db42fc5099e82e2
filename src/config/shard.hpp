#pragma once
// Splitting a matrix over several machines (CI jobs): `plan --shards N` lists
// the shards, `run --shard K/N` measures one. A shard holds whole builds, so
// each build is obtained (and compiled) in exactly one shard, together with its
// package environments and extension checks.
#include <string>
#include <string_view>
#include <vector>

#include "config/matrix.hpp"
#include "util/error.hpp"

namespace gm::config {

struct ShardSpec {
  int index = 1;  // 1-based
  int total = 1;
  std::string text() const;  // "2/4"
};

// "K/N" with 1 <= K <= N.
Expected<ShardSpec> parse_shard(std::string_view text);

// Builds per shard: the build names of each shard, in matrix order.
using ShardBuilds = std::vector<std::vector<std::string>>;

// The build names of each of `total` shards, each list in matrix order. Builds
// are weighed (cells, compiles, package installs; the same on every machine,
// so every CI job computes the same split) and placed heaviest first on the
// lightest shard. Fails when there are more shards than builds.
Expected<ShardBuilds> assign_shards(const Matrix& matrix, int total);

// The matrix reduced to one shard's builds (workloads and package sets stay).
Expected<Matrix> select_shard(const Matrix& matrix, const ShardSpec& shard);

}  // namespace gm::config
