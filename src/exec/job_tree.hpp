#pragma once
// Every process gilmatrix starts is a *job*: the command plus everything it
// starts in turn. A job's descendants can leave its process group (setsid,
// setpgid) or be orphaned by a parent that exits, so a group kill does not
// reach them, and one of them holding the output pipe would keep gilmatrix
// waiting. Each job therefore gets its own reaper:
//
//   gilmatrix ── reaper (PR_SET_CHILD_SUBREAPER) ── command ── ...
//
// Every orphan of the job is re-parented to the reaper, never to init, so the
// job's processes stay below it whatever they do. When the command exits, or
// gilmatrix asks (SIGTERM: timeout, Ctrl-C), or gilmatrix dies (the reaper's
// parent-death signal), the reaper kills every descendant, reaps them all and
// only then exits, mirroring the command's exit code or signal. So a finished
// reaper means a job with nothing left running.
//
// Both functions run in the child between fork and exec, where gilmatrix's
// other threads may hold locks: they use system calls only, no allocation.
#include <sched.h>
#include <signal.h>
#include <sys/types.h>

namespace gm::exec {

// Called in the child Boost.Process forked. Puts it in its own process group,
// pins it to `cpus` (may be null), then forks: in the reaper this never
// returns; in the command's process it returns 0 and the caller goes on to
// exec the command. Returns an errno value when the setup failed.
int start_job_tree(pid_t gilmatrix, const cpu_set_t* cpus);

// How gilmatrix asks a job's reaper to kill the whole job now.
inline constexpr int kTeardownSignal = SIGTERM;

}  // namespace gm::exec
