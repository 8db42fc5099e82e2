#include "exec/interrupt.hpp"

#include <signal.h>

#include <array>
#include <atomic>

#include "exec/job_tree.hpp"

namespace gm::exec {
namespace {

constexpr std::size_t kMaxJobs = 1024;
std::array<std::atomic<pid_t>, kMaxJobs> g_reapers{};
std::atomic<int> g_signal{0};

void tear_down_registered_jobs() {
  for (auto& slot : g_reapers) {
    pid_t reaper = slot.load();
    if (reaper > 0) ::kill(reaper, kTeardownSignal);
  }
}

extern "C" void on_interrupt(int signal) {
  g_signal.store(signal);
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

bool interrupted() { return g_signal.load() != 0; }
int interrupt_signal() { return g_signal.load(); }
void reset_interrupted_for_testing() { g_signal.store(0); }

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
