#include "config/selection.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/strings.hpp"

namespace gm::config {

namespace {

std::string listed(const std::vector<std::string>& names) {
  return names.empty() ? std::string("none") : join(names, ", ");
}

// Keeps the items whose name matches one of `patterns`; each pattern must match something.
template <class Item>
void keep_matching(std::vector<Item>& items, const std::vector<std::string>& patterns, const char* flag,
                   const char* what) {
  if (patterns.empty()) return;
  std::vector<std::string> names;
  for (const auto& item : items) names.push_back(item.name);
  for (const auto& pattern : patterns) {
    bool any = std::any_of(names.begin(), names.end(), [&](const auto& n) { return glob_match(pattern, n); });
    if (any) continue;
    std::string message =
        fmt::format("{} {}: no {} of the matrix matches; it defines {}", flag, pattern, what, listed(names));
    if (!has_glob_characters(pattern))
      if (auto suggestion = closest_match(pattern, names)) message += fmt::format(" (did you mean {}?)", *suggestion);
    throw UsageError(message);
  }
  std::erase_if(items, [&](const Item& item) {
    return std::none_of(patterns.begin(), patterns.end(), [&](const auto& p) { return glob_match(p, item.name); });
  });
}

template <class Value, class Parse>
std::vector<Value> parse_names(const std::vector<std::string>& texts, Parse parse, const char* flag,
                               const std::vector<std::string>& valid) {
  std::vector<Value> out;
  for (const auto& text : texts) {
    auto value = parse(text);
    if (!value) {
      std::string message = fmt::format("{} {}: not one of {}", flag, text, join(valid, ", "));
      if (auto suggestion = closest_match(text, valid)) message += fmt::format("; did you mean {}?", *suggestion);
      throw UsageError(message);
    }
    out.push_back(*value);
  }
  return out;
}

// Keeps, in each workload's list, the values selected; workloads left with none are dropped.
template <class Value, class Lists>
void keep_values(Matrix& matrix, const std::vector<Value>& selected, Lists lists, const char* flag, const char* what) {
  if (selected.empty()) return;
  std::vector<std::string> used;
  for (auto& workload : matrix.workloads)
    for (auto value : lists(workload)) {
      std::string name = to_string(value);
      if (std::find(used.begin(), used.end(), name) == used.end()) used.push_back(name);
    }
  for (auto value : selected)
    if (std::find(used.begin(), used.end(), std::string(to_string(value))) == used.end())
      throw UsageError(fmt::format("{} {}: no workload{} uses that {}; they use {}", flag, to_string(value),
                                   matrix.workloads.size() == 1 ? "" : " selected", what, listed(used)));
  for (auto& workload : matrix.workloads) {
    auto& values = lists(workload);
    std::erase_if(values, [&](Value v) { return std::find(selected.begin(), selected.end(), v) == selected.end(); });
  }
  std::erase_if(matrix.workloads, [&](WorkloadSpec& w) { return lists(w).empty(); });
}

WorkerCount parse_worker_count(const std::string& text) {
  if (text == "all") return {true, 0};
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > 4096)
    throw UsageError(fmt::format("--workers {}: expected a positive number of workers or \"all\"", text));
  return {false, value};
}

}  // namespace

bool Selection::empty() const {
  return builds.empty() && workloads.empty() && executors.empty() && gil_modes.empty() && workers.empty() && !repeats;
}

std::vector<std::string> Selection::narrowing() const {
  std::vector<std::string> out;
  auto add = [&](const char* option, const std::vector<std::string>& values) {
    if (!values.empty()) out.push_back(fmt::format("{} {}", option, join(values, ",")));
  };
  add("--build", builds);
  add("--workload", workloads);
  add("--executor", executors);
  add("--gil-mode", gil_modes);
  add("--workers", workers);
  return out;
}

void apply_selection(Matrix& matrix, const Selection& selection) {
  bool had_workloads = !matrix.workloads.empty();
  keep_matching(matrix.builds, selection.builds, "--build", "build");
  keep_matching(matrix.workloads, selection.workloads, "--workload", "workload");
  // Chosen workloads bring the package sets they run in, and only those: a
  // set none of them uses is neither installed nor checked, so its verdicts
  // cannot decide the exit code of a run that did not ask for them.
  if (!selection.workloads.empty())
    std::erase_if(matrix.packages, [&](const PackageSet& set) {
      return std::none_of(matrix.workloads.begin(), matrix.workloads.end(),
                          [&](const WorkloadSpec& w) { return w.packages == set.name; });
    });

  auto executors = parse_names<Executor>(selection.executors, parse_executor, "--executor", executor_names());
  keep_values(
      matrix, executors, [](WorkloadSpec& w) -> std::vector<Executor>& { return w.executors; }, "--executor",
      "executor");

  auto modes = parse_names<GilMode>(selection.gil_modes, parse_gil_mode, "--gil-mode", {"default", "off", "on"});
  if (!modes.empty())
    for (auto& workload : matrix.workloads)
      if (!workload.gil_modes) workload.gil_modes = matrix.defaults.gil_modes;
  keep_values(
      matrix, modes, [](WorkloadSpec& w) -> std::vector<GilMode>& { return *w.gil_modes; }, "--gil-mode", "GIL mode");

  if (!selection.workers.empty()) {
    matrix.defaults.workers.clear();
    for (const auto& text : selection.workers) matrix.defaults.workers.push_back(parse_worker_count(text));
    for (auto& workload : matrix.workloads) workload.workers.reset();
  }
  if (selection.repeats) {
    if (*selection.repeats < 1) throw UsageError(fmt::format("--repeats {}: expected 1 or more", *selection.repeats));
    matrix.defaults.repeats = Repeats{*selection.repeats, false};
    for (auto& workload : matrix.workloads) workload.repeats.reset();
  }
  if (had_workloads && matrix.workloads.empty())
    throw UsageError("the selection leaves no workload: the chosen workloads use none of the chosen executors");
}

void check_selection_leaves_cells(const Selection& selection, const Expansion& expansion) {
  if (selection.empty() || !expansion.cells.empty()) return;
  std::string why = expansion.notes.empty() ? "" : " (" + join(expansion.notes, "; ") + ")";
  throw UsageError("the selection leaves no cell to measure" + why +
                   "; `gilmatrix plan MATRIX` without the selection lists every cell");
}

}  // namespace gm::config
