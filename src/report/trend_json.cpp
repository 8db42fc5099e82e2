#include "report/trend_json.hpp"

namespace gm::report {

nlohmann::json trend_json(const results::Trend& trend) {
  nlohmann::json runs = nlohmann::json::array(), series = nlohmann::json::array(), flips = nlohmann::json::array();
  for (const auto& r : trend.runs) runs.push_back({{"origin", r.origin}, {"started_at", r.started_at}});
  for (const auto& s : trend.series) {
    nlohmann::json points = nlohmann::json::array();
    for (const auto& p : s.points) points.push_back(p.speedup ? nlohmann::json(*p.speedup) : nlohmann::json(nullptr));
    series.push_back({{"workload", s.workload},
                      {"build", s.build},
                      {"executor", s.executor},
                      {"gil_mode", s.gil_mode},
                      {"workers", trend.workers.at(s.workload)},
                      {"speedups", points}});
  }
  for (const auto& f : trend.flips)
    flips.push_back({{"started_at", trend.runs[f.run].started_at},
                     {"kind", f.change.kind},
                     {"severity", to_string(f.change.severity)},
                     {"build", f.change.build},
                     {"subject", f.change.subject},
                     {"before", f.change.before},
                     {"after", f.change.after},
                     {"message", f.change.message}});
  return {{"runs", runs}, {"series", series}, {"verdict_changes", flips}, {"notes", trend.notes}};
}

}  // namespace gm::report
