#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "exec/interrupt.hpp"

namespace {

// The exit status of a child that installs the handlers, asks to stop at once
// (before or after the signal comes) and is then sent `signal`.
int status_after(int signal, bool signal_first) {
  pid_t child = ::fork();
  if (child == 0) {
    ::close(STDERR_FILENO);
    gm::exec::install_interrupt_handlers();
    if (!signal_first) gm::exec::stop_at_once_on_interrupt();
    ::raise(signal);
    if (signal_first) gm::exec::stop_at_once_on_interrupt();
    ::pause();  // a read command blocked in open() or read()
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return status;
}

}  // namespace

TEST_CASE("interrupt: a read command stops at once on SIGINT, SIGTERM and SIGHUP with 130", "[exec][interrupt]") {
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) {
    for (bool signal_first : {false, true}) {
      INFO("signal " << signal << (signal_first ? ", before the command asked" : ""));
      int status = status_after(signal, signal_first);
      REQUIRE(WIFEXITED(status));
      CHECK(WEXITSTATUS(status) == 130);
    }
  }
}

TEST_CASE("interrupt: SIGTERM is not called Ctrl-C", "[exec][interrupt]") {
  CHECK(std::string(gm::exec::interruption_description(SIGINT)) == "interrupted (Ctrl-C)");
  CHECK(std::string(gm::exec::interruption_description(SIGTERM)) == "stopped by SIGTERM");
}
