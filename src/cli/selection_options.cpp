#include "cli/selection_options.hpp"

namespace gm::cli {

void SelectionOptions::add_to(CLI::App* command) {
  auto& s = selection;
  command->add_option("--build", s.builds, "Only these builds: names or patterns ('3.13*'); repeatable")
      ->delimiter(',')
      ->group("Selection");
  command->add_option("--workload", s.workloads, "Only these workloads: names or patterns; repeatable")
      ->delimiter(',')
      ->group("Selection");
  command
      ->add_option("--executor", s.executors,
                   "Only these executors: threads, processes, interpreters, asyncio, thread-pool, process-pool, "
                   "interpreter-pool")
      ->delimiter(',')
      ->group("Selection");
  command->add_option("--gil-mode", s.gil_modes, "Only these GIL modes: default, off, on")
      ->delimiter(',')
      ->group("Selection");
  command
      ->add_option("--workers", s.workers,
                   "Worker counts instead of the matrix's (e.g. 2,4 or all); 1 is "
                   "always measured as the baseline")
      ->delimiter(',')
      ->group("Selection");
  command->add_option("--repeats", repeats, "Samples per cell instead of the matrix's")
      ->check(CLI::PositiveNumber)
      ->group("Selection");
}

config::Selection SelectionOptions::chosen() const {
  auto out = selection;
  if (repeats > 0) out.repeats = repeats;
  return out;
}

}  // namespace gm::cli
