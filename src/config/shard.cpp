#include "config/shard.hpp"

#include <algorithm>
#include <charconv>
#include <numeric>

#include <fmt/format.h>

#include "config/expand.hpp"

namespace gm::config {
namespace {

// A compile costs about as much as this many scaling series (a CPython build
// takes minutes; a series of four worker counts, seconds to a minute).
constexpr std::size_t kCompileWeight = 20;

std::size_t build_weight(const Matrix& matrix, const BuildSpec& build) {
  // One worker count per series: the weight counts series, independent of the machine's cores.
  auto series = expand_matrix(matrix, {{build.name, build.free_threaded, build.version.value_or("")}}, 1).cells.size();
  std::size_t requirements = 0;
  for (const auto& set : matrix.packages) requirements += set.requirements.size();
  return series + requirements + (build.interpreter ? 0 : kCompileWeight);
}

// A source build and its free-threaded twin (same version or git ref,
// tarball pin and configure flags, one with --disable-gil) stay in one shard:
// their cells are measured in the same paired rounds (the overhead).
bool twins(const BuildSpec& a, const BuildSpec& b) {
  if (a.interpreter || b.interpreter || a.free_threaded == b.free_threaded) return false;
  auto git = [](const BuildSpec& x) { return x.git ? x.git->url + "@" + x.git->ref : std::string(); };
  return a.version == b.version && git(a) == git(b) && a.sha256 == b.sha256 && a.configure == b.configure;
}

// Indexes of the builds that go to a shard together, in matrix order.
std::vector<std::vector<std::size_t>> shard_units(const Matrix& matrix) {
  std::vector<std::vector<std::size_t>> units;
  std::vector<bool> placed(matrix.builds.size(), false);
  for (std::size_t i = 0; i < matrix.builds.size(); ++i) {
    if (placed[i]) continue;
    placed[i] = true;
    std::vector<std::size_t> unit{i};
    for (std::size_t j = i + 1; j < matrix.builds.size(); ++j)
      if (!placed[j] && twins(matrix.builds[i], matrix.builds[j])) {
        placed[j] = true;
        unit.push_back(j);
        break;
      }
    units.push_back(std::move(unit));
  }
  return units;
}

}  // namespace

std::string ShardSpec::text() const { return fmt::format("{}/{}", index, total); }

Expected<ShardSpec> parse_shard(std::string_view text) {
  auto slash = text.find('/');
  auto number = [](std::string_view digits, int& out) {
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    return ec == std::errc() && end == digits.data() + digits.size() && !digits.empty();
  };
  ShardSpec spec;
  if (slash == std::string_view::npos || !number(text.substr(0, slash), spec.index) ||
      !number(text.substr(slash + 1), spec.total) || spec.total < 1 || spec.index < 1 || spec.index > spec.total)
    return fail(fmt::format("expected K/N with 1 <= K <= N (e.g. 2/4), found \"{}\"", text));
  return spec;
}

Expected<ShardBuilds> assign_shards(const Matrix& matrix, int total) {
  if (total < 1) return fail(fmt::format("the number of shards must be at least 1, found {}", total));
  const auto units = shard_units(matrix);
  if (static_cast<std::size_t>(total) > units.size())
    return fail(
        fmt::format("{} shards for {} builds: a build is never split across shards, nor separated from its "
                    "free-threaded twin, so use at most {}",
                    total, matrix.builds.size(), units.size()));
  std::vector<std::size_t> order(units.size());
  std::iota(order.begin(), order.end(), 0);
  std::vector<std::size_t> weight;
  for (const auto& unit : units) {
    std::size_t w = 0;
    for (auto build : unit) w += build_weight(matrix, matrix.builds[build]);
    weight.push_back(w);
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return weight[a] > weight[b]; });
  std::vector<std::size_t> load(static_cast<std::size_t>(total), 0);
  std::vector<std::vector<std::size_t>> members(static_cast<std::size_t>(total));
  for (auto unit : order) {
    // Every shard gets a unit first; then the lightest shard takes the next one.
    auto target = std::min_element(load.begin(), load.end()) - load.begin();
    for (std::size_t s = 0; s < members.size(); ++s)
      if (members[s].empty()) {
        target = static_cast<std::ptrdiff_t>(s);
        break;
      }
    auto& shard = members[static_cast<std::size_t>(target)];
    shard.insert(shard.end(), units[unit].begin(), units[unit].end());
    load[static_cast<std::size_t>(target)] += weight[unit];
  }
  std::vector<std::vector<std::string>> shards;
  for (auto& m : members) {
    std::sort(m.begin(), m.end());
    std::vector<std::string> names;
    for (auto i : m) names.push_back(matrix.builds[i].name);
    shards.push_back(std::move(names));
  }
  return shards;
}

Expected<Matrix> select_shard(const Matrix& matrix, const ShardSpec& shard) {
  auto shards = assign_shards(matrix, shard.total);
  if (!shards) return fail(shards.error());
  const auto& names = (*shards)[static_cast<std::size_t>(shard.index - 1)];
  Matrix selected = matrix;
  std::erase_if(selected.builds,
                [&](const BuildSpec& b) { return std::find(names.begin(), names.end(), b.name) == names.end(); });
  return selected;
}

}  // namespace gm::config
