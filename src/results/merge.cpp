#include "results/merge.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "results/findings.hpp"
#include "results/ordering.hpp"
#include "results/overhead.hpp"
#include "util/strings.hpp"

namespace gm::results {
namespace {

std::string isolation_word(const MeasurementSettings& m) { return m.recorded ? config::to_string(m.isolation) : ""; }

std::string describe_matrix(const RunResults& r) {
  return fmt::format("matrix \"{}\" (sha256 {})", r.matrix_name, r.matrix_sha256.substr(0, 12));
}

constexpr const char* kForceToMergeAnyway =
    ": run the shards again from the same files, or pass --force to merge them anyway (the report then says so)";

// A workload whose file differs between two shards (as --resume refuses a
// journal of other inputs): "workload `w`'s file differs: ...". Files written
// before the hashes were recorded have none and are not compared.
std::optional<std::string> changed_workload(const std::vector<ShardInput>& shards) {
  std::map<std::string, std::pair<std::string, const ShardInput*>> seen;  // name -> sha256, where
  for (const auto& s : shards)
    for (const auto& w : s.results.workloads) {
      if (w.sha256.empty()) continue;
      auto [it, first] = seen.try_emplace(w.name, w.sha256, &s);
      if (!first && it->second.first != w.sha256)
        return fmt::format("workload `{}`'s file {} differs between shards: sha256 {} in {}, {} in {}", w.name, w.file,
                           it->second.first.substr(0, 12), it->second.second->origin, w.sha256.substr(0, 12), s.origin);
    }
  return std::nullopt;
}

Expected<void> check_compatible(const std::vector<ShardInput>& shards, bool force) {
  const auto& first = shards.front();
  for (const auto& s : shards)
    if (!s.results.shard)
      return fail(
          fmt::format("{} is not a shard's results (it was not written by `gilmatrix run --shard K/N`); "
                      "merge only the shards of one run",
                      s.origin));
  std::set<int> seen;
  for (const auto& s : shards) {
    const auto& r = s.results;
    if (r.schema_version != first.results.schema_version)
      return fail(
          fmt::format("{} has results schema version {} but {} has {}: merge shards written by the same "
                      "gilmatrix version (run the older shards again)",
                      s.origin, r.schema_version, first.origin, first.results.schema_version));
    if (r.matrix_sha256 != first.results.matrix_sha256 || r.matrix_name != first.results.matrix_name)
      return fail(fmt::format("{} is from {} but {} is from {}: shards of different matrix files cannot be merged",
                              s.origin, describe_matrix(r), first.origin, describe_matrix(first.results)));
    if (r.shard->total != first.results.shard->total || r.shard->matrix_builds != first.results.shard->matrix_builds)
      return fail(fmt::format("{} is shard {}/{} but {} is shard {}/{}: merge the shards of one split", s.origin,
                              r.shard->index, r.shard->total, first.origin, first.results.shard->index,
                              first.results.shard->total));
    if (!seen.insert(r.shard->index).second)
      return fail(
          fmt::format("shard {}/{} is given twice ({} is one of them)", r.shard->index, r.shard->total, s.origin));
  }
  if (auto changed = changed_workload(shards); changed && !force) return fail(*changed + kForceToMergeAnyway);
  std::vector<std::string> missing;
  for (int i = 1; i <= first.results.shard->total; ++i)
    if (!seen.contains(i)) missing.push_back(fmt::format("{}/{}", i, first.results.shard->total));
  if (!missing.empty())
    return fail(fmt::format("shard {} missing: give the results of every shard (found {} of {})", join(missing, ", "),
                            seen.size(), first.results.shard->total));
  return {};
}

std::string machine(const MachineInfo& e) { return fmt::format("{} ({} usable cores)", e.cpu_model, e.usable_cores); }

}  // namespace

std::vector<std::string> without_shard_argument(const std::vector<std::string>& argv) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    if (argv[i] == "--shard") {
      ++i;
      continue;
    }
    if (!argv[i].starts_with("--shard=")) out.push_back(argv[i]);
  }
  return out;
}

std::string without_shard_argument(const std::string& command_line) {
  // The reproduce line is shell_join's output, where a shard "K/N" is never quoted.
  auto words = split(command_line, ' ');
  return join(without_shard_argument(words), " ");
}

Expected<RunResults> merge_shards(std::vector<ShardInput> shards, bool force) {
  if (shards.empty()) return fail("nothing to merge: give the results of every shard");
  if (auto ok = check_compatible(shards, force); !ok) return fail(ok.error());
  auto changed = changed_workload(shards);
  std::sort(shards.begin(), shards.end(),
            [](const auto& a, const auto& b) { return a.results.shard->index < b.results.shard->index; });

  const auto& first = shards.front().results;
  RunResults merged;
  merged.schema_version = kSchemaVersion;
  merged.matrix_name = first.matrix_name;
  merged.matrix_file = first.matrix_file;
  merged.matrix_sha256 = first.matrix_sha256;
  merged.reproduce = without_shard_argument(first.reproduce);
  merged.selection = first.selection;
  merged.environment = first.environment;
  merged.environment.command = without_shard_argument(first.environment.command);
  merged.started_at = first.started_at;
  merged.finished_at = first.finished_at;
  merged.measurement = first.measurement;
  merged.cache_dir = first.cache_dir;
  std::set<std::string> notes;
  std::map<std::string, WorkloadInfo> workloads;  // an unsharded run lists them by name
  for (const auto& s : shards) {
    const auto& r = s.results;
    merged.started_at = std::min(merged.started_at, r.started_at);
    merged.finished_at = std::max(merged.finished_at, r.finished_at);
    merged.wall_seconds = std::max(merged.wall_seconds, r.wall_seconds);  // the shards ran side by side
    merged.interrupted = merged.interrupted || r.interrupted;
    merged.skip_missing = merged.skip_missing || r.skip_missing;
    merged.workload_package_sets.insert(r.workload_package_sets.begin(), r.workload_package_sets.end());
    auto append = [](auto& to, const auto& from) { to.insert(to.end(), from.begin(), from.end()); };
    append(merged.builds, r.builds);
    append(merged.cells, r.cells);
    append(merged.environments, r.environments);
    append(merged.installs, r.installs);
    append(merged.module_checks, r.module_checks);
    append(merged.together, r.together);
    append(merged.thread_safety, r.thread_safety);
    append(merged.stress_runs, r.stress_runs);
    append(merged.workload_races, r.workload_races);
    for (const auto& w : r.workloads) workloads.emplace(w.name, w);
    notes.insert(r.notes.begin(), r.notes.end());
    if (!(r.measurement == first.measurement))
      notes.insert(fmt::format("shard {}/{} measured with other settings than shard {}/{} (isolation {} and {})",
                               r.shard->index, r.shard->total, first.shard->index, first.shard->total,
                               isolation_word(r.measurement), isolation_word(first.measurement)));
    if (machine(r.environment) != machine(first.environment))
      notes.insert(fmt::format("shard {}/{} ran on {}, shard {}/{} on {}: compare speedups across builds with care",
                               r.shard->index, r.shard->total, machine(r.environment), first.shard->index,
                               first.shard->total, machine(first.environment)));
  }
  for (auto& [name, w] : workloads) merged.workloads.push_back(std::move(w));
  if (changed) notes.insert("merged with --force although " + *changed);

  // An unsharded run lists builds, and the cells of each build, in matrix order.
  std::map<std::string, std::size_t> position;
  for (const auto& name : first.shard->matrix_builds) position.emplace(name, position.size());
  auto rank = [&](const std::string& build) {
    auto it = position.find(build);
    return it == position.end() ? position.size() : it->second;
  };
  std::stable_sort(merged.builds.begin(), merged.builds.end(),
                   [&](const auto& a, const auto& b) { return rank(a.name) < rank(b.name); });
  std::stable_sort(merged.cells.begin(), merged.cells.end(),
                   [&](const auto& a, const auto& b) { return rank(a.cell.build) < rank(b.cell.build); });
  sort_compatibility(merged.environments, merged.installs, merged.module_checks, merged.together);
  std::stable_sort(merged.thread_safety.begin(), merged.thread_safety.end(),
                   [&](const auto& a, const auto& b) { return rank(a.build) < rank(b.build); });
  std::stable_sort(merged.stress_runs.begin(), merged.stress_runs.end(),
                   [&](const auto& a, const auto& b) { return rank(a.build) < rank(b.build); });
  std::stable_sort(merged.workload_races.begin(), merged.workload_races.end(),
                   [&](const auto& a, const auto& b) { return rank(a.build) < rank(b.build); });
  // What pairs builds or reads every cell is computed again on the whole run:
  // a free-threaded build and its GIL twin may have been measured in different shards.
  merged.overhead = free_threading_overhead(merged);
  std::vector<std::string> finding_notes;
  merged.findings = find_deviations(merged, merged.measurement.expectation_tolerance, &finding_notes);
  notes.insert(finding_notes.begin(), finding_notes.end());
  merged.notes.assign(notes.begin(), notes.end());
  return merged;
}

}  // namespace gm::results
