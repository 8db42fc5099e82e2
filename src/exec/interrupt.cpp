#include "exec/interrupt.hpp"

#include <signal.h>

#include <array>
#include <atomic>

namespace gm::exec {
namespace {

constexpr std::size_t kMaxGroups = 1024;
std::array<std::atomic<pid_t>, kMaxGroups> g_groups{};
std::atomic<int> g_signal{0};

void kill_registered_groups() {
  for (auto& slot : g_groups) {
    pid_t group = slot.load();
    if (group > 0) ::kill(-group, SIGKILL);
  }
}

extern "C" void on_interrupt(int signal) {
  g_signal.store(signal);
  kill_registered_groups();
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

void register_process_group(pid_t group) {
  for (auto& slot : g_groups) {
    pid_t expected = 0;
    if (slot.compare_exchange_strong(expected, group)) break;
  }
  // Ctrl-C may have arrived between the fork and the registration.
  if (interrupted()) ::kill(-group, SIGKILL);
}

void unregister_process_group(pid_t group) {
  for (auto& slot : g_groups) {
    pid_t expected = group;
    if (slot.compare_exchange_strong(expected, 0)) break;
  }
}

}  // namespace gm::exec
