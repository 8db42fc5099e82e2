#include "compat/race_tally.hpp"

#include <algorithm>

namespace gm::compat {

namespace {

results::RaceFinding first_sight(const TsanReport& report, const Attribution& where) {
  results::RaceFinding f;
  f.kind = report.kind;
  f.module = where.module ? *where.module : where.foreign_object;
  f.top = where.top;
  const TsanFrame* frame = where.frame                                                  ? &*where.frame
                           : (!report.stacks.empty() && !report.stacks.front().empty()) ? &report.stacks.front().front()
                                                                                        : nullptr;
  if (frame) {
    f.function = frame->function;
    f.file = frame->file;
    f.line = frame->line;
  }
  f.log = report.log;
  f.text = report.text;
  return f;
}

}  // namespace

void RaceTally::add(const TsanReport& report, const Attribution& where, std::size_t run, bool as_built) {
  auto [it, fresh] = tallies_.try_emplace(report_identity(report));
  if (fresh) it->second.finding = first_sight(report, where);
  ++it->second.finding.reports;
  it->second.runs.insert(run);
  if (as_built) it->second.seen_as_built = true;
}

std::vector<results::RaceFinding> RaceTally::findings() const {
  std::vector<results::RaceFinding> out;
  for (const auto& [identity, tally] : tallies_) {
    auto finding = tally.finding;
    finding.runs = static_cast<int>(tally.runs.size());
    finding.forced_off_only = !tally.seen_as_built;
    out.push_back(std::move(finding));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.reports > b.reports; });
  return out;
}

void RaceTallies::add(const TsanReport& report, const std::map<std::string, std::string>& objects, std::size_t run,
                      bool as_built) {
  auto where = attribute(report, objects);
  auto& tally = where.module                   ? by_module[*where.module]
                : where.foreign_object.empty() ? in_cpython
                                               : in_other_libraries;
  tally.add(report, where, run, as_built);
}

}  // namespace gm::compat
