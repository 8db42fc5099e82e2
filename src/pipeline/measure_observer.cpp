#include "pipeline/measure_observer.hpp"

#include <fmt/format.h>

#include "measure/runner_invocation.hpp"
#include "report/cell_line.hpp"
#include "results/journal.hpp"
#include "util/progress_board.hpp"
#include "util/terminal.hpp"

namespace gm::pipeline {

void JournalObserver::workload_described(const results::WorkloadInfo& workload) {
  results::append_workload(journal_, workload);
}

void JournalObserver::cell_finished(const results::CellResult& cell) { results::append_cell(journal_, cell); }

TerminalObserver::TerminalObserver() = default;
TerminalObserver::~TerminalObserver() = default;

void TerminalObserver::measuring(const MeasuringStart& start) {
  std::vector<ProgressBoard::Task> tasks;
  for (const auto& cell : start.pending) tasks.push_back({cell.key(), cell.series_key(), cell.cores()});
  progress_ = std::make_unique<ProgressBoard>(std::move(tasks), start.resumed, static_cast<int>(start.cores));
  Terminal::instance().line(
      fmt::format("measuring {} cells in {} groups of paired rounds on {} cores ({} isolation){}{}",
                  start.pending.size(), start.groups, start.cores, config::to_string(start.isolation),
                  start.run_budget > 0 ? fmt::format(", budget {:.0f}s", start.run_budget) : "",
                  start.resumed == 0 ? "" : fmt::format(", {} resumed", start.resumed)));
}

void TerminalObserver::calibrating(const std::string& key, std::chrono::nanoseconds sample_time, int cpu) {
  Terminal::instance().status(fmt::format("calibrating {} for {:.2f}s samples on cpu {}", key,
                                          std::chrono::duration<double>(sample_time).count(), cpu));
}

void TerminalObserver::series_split(const std::string& series, results::CellStatus status,
                                    const std::string& last_line) {
  Terminal::instance().line(
      fmt::format("{}: the series' process {}{}; measuring its cells one process each "
                  "to tell which one fails",
                  series, to_string(status), last_line.empty() ? "" : " (" + last_line + ")"));
}

void TerminalObserver::cell_started(const config::Cell& cell, const std::vector<int>& reserved) {
  progress_->start(cell.key(), "cpu " + measure::comma_list(reserved));
}

void TerminalObserver::cell_abandoned(const config::Cell& cell) { progress_->abandon(cell.key()); }

void TerminalObserver::cell_restarted(const config::Cell& cell, const std::string& why) {
  Terminal::instance().line(fmt::format("{}: {}", cell.key(), why));
}

void TerminalObserver::round_set_aside(const std::string& group, const std::string& why,
                                       std::chrono::milliseconds /*retry_in*/) {
  Terminal::instance().line(fmt::format("{}: round set aside ({}); measuring it again later", group, why));
}

void TerminalObserver::cell_finished(const results::CellResult& cell) {
  progress_->finish(cell.cell.key(), report::cell_line(cell));
}

void TerminalObserver::measured() { progress_.reset(); }

}  // namespace gm::pipeline
