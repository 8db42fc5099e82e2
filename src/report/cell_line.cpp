#include "report/cell_line.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "util/strings.hpp"

namespace gm::report {

std::string cell_line(const results::CellResult& c) {
  std::string what;
  if (c.status != results::CellStatus::ok) {
    what = to_string(c.status) + (c.error.empty() ? "" : ": " + split_lines(c.error).back());
  } else {
    what = fmt::format("{:.3f}s", c.median_seconds);
    if (c.median_interval) what += fmt::format(" [{:.3f}, {:.3f}]", c.median_interval->low, c.median_interval->high);
    what += fmt::format(", {:.1f} cores busy", c.cores_busy_median);
    if (c.disturbed) what += ", disturbed";
    if (c.unstable) what += fmt::format(", unstable (cv {:.0f}%)", c.cv * 100);
    const auto set_aside = std::count_if(c.attempts.begin(), c.attempts.end(), [](const auto& a) { return !a.kept; });
    if (set_aside > 0) what += fmt::format(", {} round{} set aside", set_aside, set_aside == 1 ? "" : "s");
  }
  return fmt::format("{} {}", c.cell.key(), what);
}

}  // namespace gm::report
