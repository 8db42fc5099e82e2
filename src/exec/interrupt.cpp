#include "exec/interrupt.hpp"

#include <signal.h>
#include <unistd.h>

#include <array>
#include <atomic>

#include "exec/job_tree.hpp"
#include "util/error.hpp"

namespace gm::exec {
namespace {

constexpr std::size_t kMaxJobs = 1024;
std::array<std::atomic<pid_t>, kMaxJobs> g_reapers{};
std::atomic<int> g_signal{0};
std::atomic<bool> g_stop_at_once{false};

// Async-signal-safe: write(2) and _exit(2) only.
[[noreturn]] void stop_now(int signal) {
  const char* prefix = "gilmatrix: ";
  const char* what = interruption_description(signal);
  for (const char* part : {prefix, what, "\n"}) {
    std::size_t length = 0;
    while (part[length] != '\0') ++length;
    [[maybe_unused]] auto written = ::write(STDERR_FILENO, part, length);
  }
  ::_exit(static_cast<int>(ExitCode::interrupted));
}

void tear_down_registered_jobs() {
  for (auto& slot : g_reapers) {
    pid_t reaper = slot.load();
    if (reaper > 0) ::kill(reaper, kTeardownSignal);
  }
}

extern "C" void on_interrupt(int signal) {
  g_signal.store(signal);
  if (g_stop_at_once.load()) stop_now(signal);
  tear_down_registered_jobs();
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGHUP, &action, nullptr);
}

const char* interruption_description(int signal) {
  switch (signal) {
    case SIGTERM:
      return "stopped by SIGTERM";
    case SIGHUP:
      return "stopped by SIGHUP (the terminal closed)";
    default:
      return "interrupted (Ctrl-C)";
  }
}

void stop_at_once_on_interrupt() {
  g_stop_at_once.store(true);
  if (int signal = g_signal.load(); signal != 0) stop_now(signal);
}

bool interrupted() { return g_signal.load() != 0; }
int interrupt_signal() { return g_signal.load(); }

void register_job(pid_t reaper) {
  for (auto& slot : g_reapers) {
    pid_t expected = 0;
    if (slot.compare_exchange_strong(expected, reaper)) break;
  }
  // Ctrl-C may have arrived between the fork and the registration.
  if (interrupted()) ::kill(reaper, kTeardownSignal);
}

void unregister_job(pid_t reaper) {
  for (auto& slot : g_reapers) {
    pid_t expected = reaper;
    if (slot.compare_exchange_strong(expected, 0)) break;
  }
}

}  // namespace gm::exec
