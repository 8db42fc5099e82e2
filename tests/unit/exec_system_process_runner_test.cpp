#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "exec/process.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"
#include "util/system_info.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using gm::exec::ProcessResult;
using gm::exec::ProcessSpec;
using Outcome = gm::exec::ProcessResult::Outcome;

namespace {

ProcessSpec shell(const std::string& script) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", script};
  spec.env = gm::exec::Environment::minimal_from_parent();
  spec.timeout = 60s;  // a safety net: no test here should come near it
  return spec;
}

ProcessResult run(const ProcessSpec& spec) {
  gm::exec::SystemProcessRunner runner;
  return runner.run(spec);
}

// The runner promises an outcome, not an exception, when the launch fails.
ProcessResult run_without_throwing(const ProcessSpec& spec) {
  ProcessResult result;
  REQUIRE_NOTHROW(result = run(spec));
  return result;
}

// While alive, orphans (the grandchildren these tests create) are re-parented
// to this process rather than to PID 1, so the test can reap them and see
// ESRCH itself, whatever init the machine runs. Any grandchild still alive at
// the end is killed so that no `sleep 300` outlives the test.
class AdoptOrphans {
 public:
  AdoptOrphans() { ::prctl(PR_SET_CHILD_SUBREAPER, 1); }
  ~AdoptOrphans() {
    for (pid_t pid : watched_) {
      if (::kill(pid, 0) == 0) ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, WNOHANG);
    }
    ::prctl(PR_SET_CHILD_SUBREAPER, 0);
  }
  AdoptOrphans(const AdoptOrphans&) = delete;
  AdoptOrphans& operator=(const AdoptOrphans&) = delete;

  // True once `pid` no longer exists (kill(pid, 0) fails with ESRCH), polling
  // for up to two seconds and reaping it if it became our zombie.
  bool gone_soon(pid_t pid) {
    watched_.push_back(pid);
    auto deadline = std::chrono::steady_clock::now() + 2s;
    while (std::chrono::steady_clock::now() < deadline) {
      ::waitpid(pid, nullptr, WNOHANG);
      if (::kill(pid, 0) == -1 && errno == ESRCH) return true;
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }

 private:
  std::vector<pid_t> watched_;
};

pid_t first_line_pid(const std::string& out) {
  auto lines = gm::split_lines(out);
  REQUIRE_FALSE(lines.empty());
  pid_t pid = static_cast<pid_t>(std::stol(lines.front()));
  REQUIRE(pid > 1);
  return pid;
}

}  // namespace

TEST_CASE("runner: a zero exit is ok and output is captured per stream", "[exec][runner]") {
  auto result = run(shell("echo to-out; echo to-err >&2"));
  CHECK(result.ok());
  CHECK(result.outcome == Outcome::exited);
  CHECK(result.exit_code == 0);
  CHECK(result.out == "to-out\n");
  CHECK(result.err == "to-err\n");
  CHECK_FALSE(result.out_truncated);
  CHECK(result.wall_seconds > 0);
}

TEST_CASE("runner: a non-zero exit code is kept as an exit, not a signal", "[exec][runner]") {
  auto result = run(shell("exit 3"));
  CHECK_FALSE(result.ok());
  CHECK(result.outcome == Outcome::exited);
  CHECK(result.exit_code == 3);
  CHECK(result.signal == 0);
  CHECK(result.describe() == "exited with code 3");
}

TEST_CASE("runner: exit code 139 is an exit, not a segfault", "[exec][runner]") {
  auto result = run(shell("exit 139"));
  CHECK(result.outcome == Outcome::exited);
  CHECK(result.exit_code == 139);
  CHECK(result.signal == 0);
}

TEST_CASE("runner: death by a signal is reported as the signal", "[exec][runner]") {
  auto result = run(shell("kill -SEGV $$"));
  CHECK_FALSE(result.ok());
  CHECK(result.outcome == Outcome::signaled);
  CHECK(result.signal == SIGSEGV);
  CHECK(result.describe() == "killed by SIGSEGV");
}

TEST_CASE("runner: a timeout kills the child and its grandchildren", "[exec][runner]") {
  AdoptOrphans orphans;
  auto spec = shell("sleep 300 & echo $!; wait");
  spec.timeout = 500ms;
  auto result = run(spec);
  CHECK(result.outcome == Outcome::timed_out);
  CHECK_THAT(result.describe(), Catch::StartsWith("timed out after"));
  pid_t grandchild = first_line_pid(result.out);
  CHECK(orphans.gone_soon(grandchild));
}

TEST_CASE("runner: a grandchild left running when the child exits is killed", "[exec][runner]") {
  AdoptOrphans orphans;
  // The grandchild keeps the stdout pipe open: without the group kill the
  // runner would wait for it (here, until the 60 s safety timeout).
  auto result = run(shell("sleep 300 & echo $!"));
  CHECK(result.outcome == Outcome::exited);
  CHECK(result.exit_code == 0);
  pid_t grandchild = first_line_pid(result.out);
  CHECK(orphans.gone_soon(grandchild));
}

TEST_CASE("runner: a grandchild that left the group with setsid and holds the pipes is killed", "[exec][runner]") {
  AdoptOrphans orphans;
  // setsid takes the sleeper out of the child's process group and session, so
  // a group kill misses it, and it keeps stdout and stderr open: the runner
  // must neither wait for it (here, until the 60 s safety timeout) nor leave it.
  auto result = run(shell("setsid sleep 300 & echo $!"));
  CHECK(result.outcome == Outcome::exited);
  CHECK(result.exit_code == 0);
  CHECK(result.wall_seconds < 30);
  pid_t grandchild = first_line_pid(result.out);
  CHECK(orphans.gone_soon(grandchild));
}

TEST_CASE("runner: a timeout kills a grandchild that left the group and its own children", "[exec][runner]") {
  AdoptOrphans orphans;
  auto spec = shell("setsid sh -c 'sleep 300 & echo $!; sleep 300' & wait");
  spec.timeout = 500ms;
  auto result = run(spec);
  CHECK(result.outcome == Outcome::timed_out);
  CHECK(result.wall_seconds < 30);
  pid_t great_grandchild = first_line_pid(result.out);
  CHECK(orphans.gone_soon(great_grandchild));
}

TEST_CASE("runner: a double fork (orphaned grandchild) is killed when the child exits", "[exec][runner]") {
  AdoptOrphans orphans;
  auto result = run(shell("(sleep 300 & echo $!) ; exit 4"));
  CHECK(result.outcome == Outcome::exited);
  CHECK(result.exit_code == 4);
  pid_t orphan = first_line_pid(result.out);
  CHECK(orphans.gone_soon(orphan));
}

TEST_CASE("runner: a log file that cannot be written is reported, not silently empty", "[exec][runner]") {
  auto spec = shell("echo hello");
  spec.log_file = "/dev/full";  // every write fails with ENOSPC
  auto result = run(spec);
  CHECK(result.ok());
  CHECK(result.out == "hello\n");
  CHECK_THAT(result.log_error, Catch::Contains("/dev/full") && Catch::Contains("No space left on device"));
}

TEST_CASE("runner: output beyond the cap keeps its head and tail and is flagged", "[exec][runner]") {
  auto spec = shell("printf 0123456789abcdef; printf short >&2");
  spec.output_cap = 10;
  auto result = run(spec);
  CHECK(result.ok());
  CHECK(result.out == "01234\n[... 6 bytes omitted ...]\nbcdef");
  CHECK(result.out_truncated);
  CHECK(result.err == "short");
  CHECK_FALSE(result.err_truncated);
}

TEST_CASE("runner: a child writing far past the cap still runs to completion", "[exec][runner]") {
  auto spec = shell("head -c 1000000 /dev/zero; echo done >&2");
  spec.output_cap = 16;
  auto result = run(spec);
  CHECK(result.ok());
  CHECK_THAT(result.out, Catch::StartsWith(std::string(8, '\0') + "\n[... 999984 bytes omitted ...]\n"));
  CHECK(result.out_truncated);
  CHECK(result.err == "done\n");
}

TEST_CASE("runner: the last line after far more output than the cap is kept", "[exec][runner]") {
  // A traceback's last line is what says what went wrong; it comes after the noise.
  auto spec = shell("echo first >&2; head -c 340000 /dev/zero | tr '\\0' x >&2; echo; echo 'ValueError: the end' >&2");
  spec.output_cap = 64 * 1024;
  auto result = run(spec);
  CHECK(result.ok());
  CHECK(result.err_truncated);
  CHECK_THAT(result.err, Catch::StartsWith("first\n"));
  CHECK_THAT(result.err, Catch::EndsWith("ValueError: the end\n"));
  CHECK(result.err.size() < 64 * 1024 + 100);
}

TEST_CASE("runner: stdin_text is delivered to the child", "[exec][runner]") {
  ProcessSpec spec;
  spec.argv = {"/bin/cat"};
  spec.env = gm::exec::Environment::minimal_from_parent();
  spec.timeout = 60s;
  spec.stdin_text = "first line\nsecond line\n";
  auto result = run(spec);
  CHECK(result.ok());
  CHECK(result.out == "first line\nsecond line\n");
}

TEST_CASE("runner: without stdin_text the child reads end of file at once", "[exec][runner]") {
  ProcessSpec spec;
  spec.argv = {"cat"};  // found on the spec's PATH
  spec.env = gm::exec::Environment::minimal_from_parent();
  spec.timeout = 60s;
  auto result = run(spec);
  CHECK(result.outcome == Outcome::exited);
  CHECK(result.exit_code == 0);
  CHECK(result.out.empty());
}

TEST_CASE("runner: a command not on PATH fails to start", "[exec][runner]") {
  ProcessSpec spec;
  spec.argv = {"gilmatrix-test-no-such-command"};
  spec.env = gm::exec::Environment::minimal_from_parent();
  auto result = run(spec);
  CHECK(result.outcome == Outcome::failed_to_start);
  CHECK_FALSE(result.ok());
  CHECK_THAT(result.start_error, Catch::Contains("command not found"));
  CHECK_THAT(result.describe(), Catch::StartsWith("could not start: command not found"));
}

TEST_CASE("runner: a name is looked up on the spec's PATH, not the caller's", "[exec][runner]") {
  ProcessSpec spec;
  spec.argv = {"sh", "-c", "exit 0"};
  spec.env.set("PATH", "/nonexistent-dir");
  auto result = run(spec);
  CHECK(result.outcome == Outcome::failed_to_start);
}

TEST_CASE("runner: an executable path that does not exist fails to start", "[exec][runner]") {
  ProcessSpec spec;
  spec.argv = {"/nonexistent/bin/python3"};
  spec.env = gm::exec::Environment::minimal_from_parent();
  auto result = run_without_throwing(spec);
  CHECK(result.outcome == Outcome::failed_to_start);
  CHECK_THAT(result.start_error, Catch::Contains("/nonexistent/bin/python3"));
}

TEST_CASE("runner: a working directory that does not exist fails to start", "[exec][runner]") {
  auto spec = shell("exit 0");
  spec.working_directory = "/nonexistent/gilmatrix-work-dir";
  auto result = run_without_throwing(spec);
  CHECK(result.outcome == Outcome::failed_to_start);
  CHECK_FALSE(result.start_error.empty());
}

TEST_CASE("runner: an empty command line fails to start", "[exec][runner]") {
  auto result = run(ProcessSpec{});
  CHECK(result.outcome == Outcome::failed_to_start);
  CHECK(result.start_error == "empty command line");
}

TEST_CASE("runner: the child runs in the working directory", "[exec][runner]") {
  gm::TempDir dir("gm-runner-test");
  auto spec = shell("pwd -P");
  spec.working_directory = dir.path();
  auto result = run(spec);
  CHECK(result.ok());
  CHECK(gm::trim(result.out) == fs::canonical(dir.path()).string());
}

TEST_CASE("runner: the child runs in its own process group", "[exec][runner]") {
  auto result = run(shell("echo $$; cut -d' ' -f5 /proc/$$/stat"));
  REQUIRE(result.ok());
  auto lines = gm::split_lines(result.out);
  REQUIRE(lines.size() == 2);
  CHECK(gm::trim(lines[0]) == gm::trim(lines[1]));
}

TEST_CASE("runner: the child is pinned to the requested cpus", "[exec][runner]") {
  int cpu = gm::usable_cpus().front();
  auto spec = shell("grep Cpus_allowed_list /proc/self/status");
  spec.cpus = {cpu};
  auto result = run(spec);
  REQUIRE(result.ok());
  CHECK_THAT(result.out, Catch::Contains("Cpus_allowed_list:\t" + std::to_string(cpu) + "\n"));
}

TEST_CASE("runner: all output also goes to the log file and on_output", "[exec][runner]") {
  gm::TempDir dir("gm-runner-test");
  auto spec = shell("echo hello; echo oops >&2");
  spec.log_file = dir.path() / "logs" / "run.log";
  std::string seen;
  spec.on_output = [&](std::string_view chunk) { seen += chunk; };
  auto result = run(spec);
  REQUIRE(result.ok());
  auto log = gm::read_text_file(*spec.log_file);
  REQUIRE(log);
  CHECK_THAT(*log, Catch::Contains("hello\n"));
  CHECK_THAT(*log, Catch::Contains("oops\n"));
  CHECK_THAT(seen, Catch::Contains("hello\n"));
  CHECK_THAT(seen, Catch::Contains("oops\n"));
}
