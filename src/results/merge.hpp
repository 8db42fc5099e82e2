#pragma once
#include <string>
#include <vector>

#include "results/model.hpp"
#include "util/error.hpp"

namespace gm::results {

struct ShardInput {
  std::string origin;  // where it was read from, for messages
  RunResults results;
};

// Joins the results of every shard of one matrix (`run --shard K/N`, K = 1..N)
// into the results an unsharded run would have written: builds and cells in
// matrix order, compatibility findings in report order, the free-threading
// overhead and the findings computed on the whole. Fails, naming the file,
// when an input is not a shard, when the inputs come from different matrix
// files, schema versions or shard counts, when a shard is missing or given twice,
// or when a workload's file differs between shards (unless `force`: then the
// merged results carry a note saying so).
Expected<RunResults> merge_shards(std::vector<ShardInput> shards, bool force = false);

// The command line of a shard without its `--shard K/N`: the unsharded run.
std::string without_shard_argument(const std::string& command_line);
std::vector<std::string> without_shard_argument(const std::vector<std::string>& argv);

}  // namespace gm::results
