#include "report/run_summary_output.hpp"

#include "report/build_list_output.hpp"
#include "results/forced_off.hpp"

namespace gm::report {

nlohmann::json run_summary_json(const results::RunResults& run, const std::filesystem::path& out_dir,
                                ExitCode exit_code) {
  nlohmann::json builds = nlohmann::json::array();
  for (const auto& b : run.builds) builds.push_back(build_entry_json(b, !b.ok() && run.skip_missing && b.missing()));
  nlohmann::json cells = nlohmann::json::object();
  for (const auto& c : run.cells) cells[to_string(c.status)] = cells.value(to_string(c.status), 0) + 1;
  nlohmann::json forced = nlohmann::json::array();
  for (const auto& f : results::failures_only_with_gil_forced_off(run)) forced.push_back(f.cell->cell.key());
  return {{"results", (out_dir / "results.json").string()},
          {"report", (out_dir / "report.md").string()},
          {"exit_code", static_cast<int>(exit_code)},
          {"interrupted", run.interrupted},
          {"builds", builds},
          {"cells", cells},
          {"fails_only_with_gil_forced_off", forced}};
}

}  // namespace gm::report
