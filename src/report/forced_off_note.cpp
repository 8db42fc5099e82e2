#include "report/forced_off_note.hpp"

#include <fmt/format.h>

#include "report/compatibility_report.hpp"
#include "report/markdown_text.hpp"
#include "util/strings.hpp"

namespace gm::report {

std::string forced_off_note(const results::ForcedOffFailure& failure) {
  const auto& cell = failure.cell->cell;
  std::string out = fmt::format("fails only with the GIL forced off (`PYTHON_GIL=0`); it measured with GIL mode {}.",
                                join(failure.measured_modes, " and "));
  if (failure.package_set.empty())
    return out + " The workload runs in no package set, so no extension module was checked for it.";
  if (failure.modules.empty())
    return out + fmt::format(" No extension module of package set {} was checked on {}.",
                             escape_inline(failure.package_set), escape_inline(cell.build));
  std::vector<std::string> verdicts;
  for (const auto* m : failure.modules)
    verdicts.push_back(fmt::format("{} ({} {}) {}", escape_inline(m->module), escape_inline(m->distribution),
                                   escape_inline(m->version), status_badge(*m)));
  return out + fmt::format(" Extension modules of package set {} on {}: {}.", escape_inline(failure.package_set),
                           escape_inline(cell.build), join(verdicts, "; "));
}

}  // namespace gm::report
