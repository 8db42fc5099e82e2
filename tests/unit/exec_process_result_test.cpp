#include <catch2/catch.hpp>

#include <signal.h>

#include "exec/process.hpp"

using gm::exec::ProcessResult;
using gm::exec::signal_name;
using Outcome = gm::exec::ProcessResult::Outcome;

namespace {

ProcessResult with_outcome(Outcome outcome) {
  ProcessResult r;
  r.outcome = outcome;
  return r;
}

}  // namespace

TEST_CASE("signal_name gives the SIG name", "[exec][process_result]") {
  CHECK(signal_name(SIGSEGV) == "SIGSEGV");
  CHECK(signal_name(SIGKILL) == "SIGKILL");
  CHECK(signal_name(SIGABRT) == "SIGABRT");
}

TEST_CASE("signal_name falls back to the number for an unknown signal", "[exec][process_result]") {
  CHECK(signal_name(12345) == "signal 12345");
}

TEST_CASE("describe says what happened for each outcome", "[exec][process_result]") {
  auto exited = with_outcome(Outcome::exited);
  exited.exit_code = 3;
  CHECK(exited.describe() == "exited with code 3");

  auto signaled = with_outcome(Outcome::signaled);
  signaled.signal = SIGABRT;
  CHECK(signaled.describe() == "killed by SIGABRT");

  auto timed_out = with_outcome(Outcome::timed_out);
  timed_out.wall_seconds = 10.04;
  CHECK(timed_out.describe() == "timed out after 10.0s (every process it started was killed)");

  CHECK(with_outcome(Outcome::interrupted).describe() == "interrupted (Ctrl-C)");

  auto failed = with_outcome(Outcome::failed_to_start);
  failed.start_error = "command not found: python3.14t";
  CHECK(failed.describe() == "could not start: command not found: python3.14t");
}

TEST_CASE("ok means exited with code zero and nothing else", "[exec][process_result]") {
  auto exited = with_outcome(Outcome::exited);
  exited.exit_code = 0;
  CHECK(exited.ok());
  exited.exit_code = 1;
  CHECK_FALSE(exited.ok());
  auto signaled = with_outcome(Outcome::signaled);
  signaled.exit_code = 0;
  CHECK_FALSE(signaled.ok());
  CHECK_FALSE(ProcessResult{}.ok());
}
