#include "exec/job_tree.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace gm::exec {
namespace {

// SIGCHLD: a child changed state. The others: tear the job down now.
constexpr int kReaperSignals[] = {SIGCHLD, SIGTERM, SIGINT, SIGHUP};

sigset_t reaper_signals() {
  sigset_t set;
  sigemptyset(&set);
  for (int signal : kReaperSignals) sigaddset(&set, signal);
  return set;
}

bool is_number(const char* text) {
  if (*text == '\0') return false;
  for (; *text != '\0'; ++text)
    if (*text < '0' || *text > '9') return false;
  return true;
}

pid_t to_pid(const char* digits) {
  pid_t value = 0;
  for (; *digits >= '0' && *digits <= '9'; ++digits) value = value * 10 + (*digits - '0');
  return value;
}

// The parent of a process, from /proc/<pid>/stat: "pid (comm) state ppid ...".
// comm may hold spaces and parentheses, so the fields start after the last ')'.
pid_t parent_of(const char* pid_name) {
  char path[64] = "/proc/";
  std::size_t length = std::strlen(path);
  for (const char* c = pid_name; *c != '\0' && length < sizeof path - 6; ++c) path[length++] = *c;
  std::memcpy(path + length, "/stat", 6);
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  char text[1024];
  ssize_t size = ::read(fd, text, sizeof text - 1);
  ::close(fd);
  if (size <= 0) return -1;
  text[size] = '\0';
  const char* fields = std::strrchr(text, ')');
  if (fields == nullptr) return -1;
  ++fields;
  while (*fields == ' ') ++fields;
  if (*fields == '\0') return -1;
  ++fields;  // the state letter
  while (*fields == ' ') ++fields;
  if (*fields < '0' || *fields > '9') return -1;
  return to_pid(fields);
}

// SIGKILL to every process whose parent is `self`, found by reading /proc
// with getdents64 (opendir would allocate).
void kill_children(pid_t self) {
  int dir = ::open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return;
  alignas(8) char buffer[8192];
  // struct linux_dirent64: u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, char d_name[].
  constexpr std::size_t kReclenOffset = 16, kNameOffset = 19;
  for (;;) {
    long size = ::syscall(SYS_getdents64, dir, buffer, sizeof buffer);
    if (size <= 0) break;
    for (long offset = 0; offset < size;) {
      std::uint16_t record_length = 0;
      std::memcpy(&record_length, buffer + offset + kReclenOffset, sizeof record_length);
      const char* name = buffer + offset + kNameOffset;
      offset += record_length;
      if (record_length == 0) break;
      if (is_number(name) && parent_of(name) == self) ::kill(to_pid(name), SIGKILL);
    }
  }
  ::close(dir);
}

// gilmatrix's open files (lock files, pipes of other jobs, Boost's exec-error
// pipe) must not stay open in the reaper: a held flock or pipe end would
// outlive the process that opened it.
void close_inherited_files() {
#ifdef SYS_close_range
  if (::syscall(SYS_close_range, 3U, ~0U, 0U) == 0) return;
#endif
  struct rlimit limit {};
  int highest = ::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY
                    ? static_cast<int>(limit.rlim_cur)
                    : 65536;
  for (int fd = 3; fd < highest; ++fd) ::close(fd);
}

// Ends the reaper the way the command ended, so gilmatrix reads the command's
// exit code or signal from the reaper's own wait status.
[[noreturn]] void end_like(int status) {
  if (WIFEXITED(status)) ::_exit(WEXITSTATUS(status));
  int signal = WIFSIGNALED(status) ? WTERMSIG(status) : SIGKILL;
  struct rlimit no_core {};
  ::setrlimit(RLIMIT_CORE, &no_core);  // a copy of gilmatrix's memory is no core worth keeping
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  ::sigaction(signal, &default_action, nullptr);
  sigset_t only;
  sigemptyset(&only);
  sigaddset(&only, signal);
  ::sigprocmask(SIG_UNBLOCK, &only, nullptr);
  ::kill(::getpid(), signal);
  ::_exit(128 + signal);
}

[[noreturn]] void reap_job(pid_t command) {
  sigset_t signals = reaper_signals();
  int status = SIGKILL;  // as a wait status: killed by SIGKILL
  bool finished = false;
  while (!finished) {
    int signal = ::sigwaitinfo(&signals, nullptr);
    if (signal == SIGCHLD) {
      int child_status = 0;
      pid_t pid;
      while ((pid = ::waitpid(-1, &child_status, WNOHANG)) > 0)
        if (pid == command) {
          status = child_status;
          finished = true;
        }
    } else if (signal > 0) {
      break;  // timeout, Ctrl-C, or gilmatrix died: the job ends now
    }
  }
  // Whatever is left: the command's group at once, then every process below
  // the reaper. Each orphan of a killed process is re-parented here, so the
  // loop ends exactly when no descendant is left.
  ::kill(-command, SIGKILL);
  for (;;) {
    kill_children(::getpid());
    int child_status = 0;
    if (::waitpid(-1, &child_status, 0) < 0 && errno == ECHILD) break;
  }
  end_like(status);
}

}  // namespace

int start_job_tree(pid_t gilmatrix, const cpu_set_t* cpus) {
  // gilmatrix's own handlers (Ctrl-C, Boost's SIGCHLD) must not run here; the
  // signals stay blocked and pending for the reaper's sigwaitinfo.
  sigset_t signals = reaper_signals();
  if (::sigprocmask(SIG_BLOCK, &signals, nullptr) != 0) return errno;
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigemptyset(&default_action.sa_mask);
  for (int signal : kReaperSignals) ::sigaction(signal, &default_action, nullptr);
  ::sigaction(SIGPIPE, &default_action, nullptr);

  if (::setpgid(0, 0) != 0) return errno;
  if (::prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) return errno;
  // If gilmatrix itself is killed (even with SIGKILL), the reaper tears the job down.
  if (::prctl(PR_SET_PDEATHSIG, kTeardownSignal) != 0) return errno;
  if (::getppid() != gilmatrix) return ESRCH;  // it died before the line above
  if (cpus != nullptr && ::sched_setaffinity(0, sizeof(cpu_set_t), cpus) != 0) return errno;

  const pid_t reaper = ::getpid();
  pid_t command = ::fork();
  if (command < 0) return errno;
  if (command == 0) {
    // The command: its own group, and it dies with the reaper whatever kills it.
    ::setpgid(0, 0);
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) return errno;
    if (::getppid() != reaper) return ESRCH;
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    return 0;
  }
  ::setpgid(command, command);  // here too, so the group exists whichever runs first
  close_inherited_files();
  reap_job(command);
}

}  // namespace gm::exec
