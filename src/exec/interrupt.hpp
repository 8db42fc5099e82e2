#pragma once
#include <sys/types.h>

namespace gm::exec {

// Ctrl-C and SIGTERM: the handler records the interruption and kills every
// registered child process group at once, so nothing is left running; the
// code that waits on those children then unwinds normally and saves results.
void install_interrupt_handlers();
bool interrupted();
int interrupt_signal();

// Registry of live process groups (async-signal-safe, fixed size).
void register_process_group(pid_t group);
void unregister_process_group(pid_t group);

// For tests: clears the flag.
void reset_interrupted_for_testing();

}  // namespace gm::exec
