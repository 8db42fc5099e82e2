#pragma once
#include <sys/types.h>

namespace gm::exec {

// Ctrl-C, SIGTERM and SIGHUP: the handler records the interruption and asks
// every registered job's reaper (see job_tree.hpp) to kill its whole job at
// once, so nothing is left running; the code that waits on those jobs then
// unwinds normally and saves results.
void install_interrupt_handlers();

// For commands that only read files and start no process (compare, report,
// merge, trend, validate): from now on SIGINT, SIGTERM and SIGHUP end the
// process at once with ExitCode::interrupted (130), even inside a blocking open() or read().
// The files they write are written atomically, so nothing half-written stays.
void stop_at_once_on_interrupt();

bool interrupted();
// What stopped us, for messages: "interrupted (Ctrl-C)" for SIGINT, "stopped
// by SIGTERM", ... (a static string: safe in a signal handler).
const char* interruption_description(int signal);
int interrupt_signal();

// Registry of the reapers of running jobs (async-signal-safe, fixed size).
void register_job(pid_t reaper);
void unregister_job(pid_t reaper);

}  // namespace gm::exec
