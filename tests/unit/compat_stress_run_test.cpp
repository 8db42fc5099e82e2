// One stress run with a fake process runner: the environment a run gets, and
// how what the process left behind (result, stacks, TSan logs) is read back.
#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>

#include "compat/core_stacks.hpp"
#include "compat/stress_run.hpp"
#include "fake_process_runner.hpp"
#include "util/paths.hpp"

using namespace gm::compat;
using Outcome = gm::exec::ProcessResult::Outcome;

namespace {
std::string stress_data(const std::string& name) {
  return gm::read_text_file(std::filesystem::path(GILMATRIX_TEST_DATA_DIR) / "tsan" / name).value();
}

StressRequest stress_request(const std::filesystem::path& dir) {
  StressRequest r;
  r.python = "/venv/bin/python";
  r.scripts_dir = dir / "scripts";
  std::filesystem::create_directories(r.scripts_dir);
  std::ofstream(r.scripts_dir / "stress.py") << "";
  r.modules = {"racy_counter"};
  r.stress_file = "/src/stress.py";
  r.threads = 4;
  r.iterations = 20;
  r.gil_forced_off = true;
  r.timeout = std::chrono::seconds(30);
  r.run_dir = dir / "run-01-gil-off";
  r.sanitised = true;
  r.suppressions = "/cache/suppressions.txt";
  return r;
}

// Plays stress.py: writes what the real script writes into the run folder.
gm::exec::ProcessResult stress_play(const gm::exec::ProcessSpec& spec, Outcome outcome, bool write_result,
                                    const std::string& log, const std::string& stacks) {
  std::filesystem::path dir = spec.argv.at(2);
  dir = dir.parent_path();
  std::ofstream(dir / "exercised.txt") << "racy_counter\n";
  if (!stacks.empty()) std::ofstream(dir / "stacks.txt") << stacks;
  if (!log.empty()) std::ofstream(dir / "tsan.4242") << log;
  if (write_result)
    std::ofstream(dir / "result.json") << R"({"watched": true, "gil_enabled_at_end": false, "error": null,
      "functions": [{"name": "test_add", "calls": 80, "failures": 0, "first_failure": ""}]})";
  auto result = test_exec::exited(write_result ? 66 : 1);
  result.outcome = outcome;
  if (outcome == Outcome::signaled) result.signal = 11;
  return result;
}
}  // namespace

TEST_CASE("a stress run gets the GIL setting and TSAN_OPTIONS, and its reports are read back", "[stress-run]") {
  gm::TempDir dir;
  auto request = stress_request(dir.path());
  test_exec::FakeProcessRunner runner([&](const gm::exec::ProcessSpec& spec) {
    return stress_play(spec, Outcome::exited, true, stress_data("racy_counter.log"), "");
  });
  auto outcome = run_stress(runner, request);
  REQUIRE(runner.calls.size() == 1);
  const auto& spec = runner.calls[0];
  CHECK(spec.env.get("PYTHON_GIL") == "0");
  auto options = spec.env.get("TSAN_OPTIONS").value_or("");
  CHECK(options.find("log_path=" + (request.run_dir / "tsan").string()) != std::string::npos);
  CHECK(options.find("halt_on_error=0") != std::string::npos);
  CHECK(options.find("handle_segv=0") != std::string::npos);
  CHECK(options.find("suppressions=/cache/suppressions.txt") != std::string::npos);
  CHECK(spec.working_directory == request.run_dir);
  CHECK(spec.argv.at(5) == "4");
  CHECK(spec.argv.at(6) == "20");
  CHECK(spec.argv.back() == "racy_counter");
  // TSan's exit code 66 after the result was written: the run finished.
  CHECK(outcome.ending == StressRunOutcome::Ending::finished);
  REQUIRE(outcome.reports.size() == 1);
  CHECK(outcome.reports[0].log == (request.run_dir / "tsan.4242").string());
  CHECK(outcome.exercised == std::set<std::string>{"racy_counter"});
  CHECK(outcome.watched);
  CHECK(outcome.functions.at(0).calls == 80);
  CHECK(outcome.tsan_options == options);
}

TEST_CASE("as the build chooses, PYTHON_GIL is unset; an unsanitised build gets no TSAN_OPTIONS", "[stress-run]") {
  gm::TempDir dir;
  auto request = stress_request(dir.path());
  request.gil_forced_off = false;
  request.sanitised = false;
  test_exec::FakeProcessRunner runner(
      [&](const gm::exec::ProcessSpec& spec) { return stress_play(spec, Outcome::exited, true, "", ""); });
  auto outcome = run_stress(runner, request);
  CHECK_FALSE(runner.calls[0].env.get("PYTHON_GIL"));
  CHECK_FALSE(runner.calls[0].env.get("TSAN_OPTIONS"));
  CHECK(outcome.ending == StressRunOutcome::Ending::finished);
}

TEST_CASE("a crashed run keeps faulthandler's stacks and the reports written before it died", "[stress-run]") {
  gm::TempDir dir;
  test_exec::FakeProcessRunner runner([&](const gm::exec::ProcessSpec& spec) {
    return stress_play(spec, Outcome::signaled, false, stress_data("pvectorc_first_reports.log"),
                       stress_data("pvectorc_crash_stacks.txt"));
  });
  auto outcome = run_stress(runner, stress_request(dir.path()));
  CHECK(outcome.ending == StressRunOutcome::Ending::crashed);
  CHECK(outcome.detail.find("SIGSEGV") != std::string::npos);
  CHECK(outcome.stacks.find("Fatal Python error: Segmentation fault") != std::string::npos);
  CHECK(outcome.reports.size() == 5);
}

TEST_CASE("a run that ends itself after faulthandler's hang dump is a hang, with every thread's stack",
          "[stress-run]") {
  gm::TempDir dir;
  test_exec::FakeProcessRunner runner([&](const gm::exec::ProcessSpec& spec) {
    return stress_play(spec, Outcome::exited, false, "", stress_data("deadlock_hang_stacks.txt"));
  });
  auto request = stress_request(dir.path());
  auto outcome = run_stress(runner, request);
  CHECK(outcome.ending == StressRunOutcome::Ending::hung);
  CHECK(outcome.stacks.find("[stress-1]") != std::string::npos);
  CHECK(outcome.detail == "did not finish within 30s; every thread's stack was dumped, then the run was ended");
  // faulthandler dumps at the timeout; the kill waits a tenth of it more (at least 5 s) for the dump to end.
  CHECK(runner.calls[0].argv.at(7) == "30.0");
  CHECK(runner.calls[0].timeout == std::chrono::seconds(35));
}

TEST_CASE("a run killed because its hang dump never ended is still a hang", "[stress-run]") {
  gm::TempDir dir;
  test_exec::FakeProcessRunner runner([&](const gm::exec::ProcessSpec& spec) {
    return stress_play(spec, Outcome::timed_out, false, "", "Timeout (0:00:30)!\nThread 0x00007f4da06dc6c0 [stre");
  });
  auto outcome = run_stress(runner, stress_request(dir.path()));
  CHECK(outcome.ending == StressRunOutcome::Ending::hung);
  CHECK(outcome.detail.find("had not ended itself after its stack dump 5s later, so it was killed") !=
        std::string::npos);
}

TEST_CASE("a run that exits 1 without a result and without a hang dump failed", "[stress-run]") {
  gm::TempDir dir;
  test_exec::FakeProcessRunner runner(
      [&](const gm::exec::ProcessSpec& spec) { return stress_play(spec, Outcome::exited, false, "", ""); });
  auto outcome = run_stress(runner, stress_request(dir.path()));
  CHECK(outcome.ending == StressRunOutcome::Ending::failed);
}

TEST_CASE("TSan that cannot map its memory fails the run with the sysctl that fixes it", "[stress-run]") {
  gm::TempDir dir;
  test_exec::FakeProcessRunner runner([&](const gm::exec::ProcessSpec&) {
    auto result = test_exec::exited(66);
    result.err = "FATAL: ThreadSanitizer: unexpected memory mapping 0x7f0000000000-0x7f0000200000\n";
    return result;
  });
  auto outcome = run_stress(runner, stress_request(dir.path()));
  CHECK(outcome.ending == StressRunOutcome::Ending::failed);
  REQUIRE(outcome.tsan_fatal);
  CHECK(outcome.detail.find("sudo sysctl vm.mmap_rnd_bits=28") != std::string::npos);
}

TEST_CASE("a crash's core gives every thread's C frames through gdb, and is removed", "[stress-run]") {
  gm::TempDir dir;
  auto request = stress_request(dir.path());
  request.sanitised = false;
  auto gdb_output =
      gm::read_text_file(std::filesystem::path(GILMATRIX_TEST_DATA_DIR) / "gdb" / "two_threads_segfault.txt").value();
  test_exec::FakeProcessRunner runner([&](const gm::exec::ProcessSpec& spec) {
    if (spec.argv.at(0) == "gdb") {
      auto result = test_exec::exited(0);
      result.out = gdb_output;
      return result;
    }
    std::ofstream(request.run_dir / "core") << "a core";  // the kernel's, with core_pattern `core`
    return stress_play(spec, Outcome::signaled, false, "", stress_data("pvectorc_crash_stacks.txt"));
  });
  auto outcome = run_stress(runner, request);
  REQUIRE(runner.calls.size() == 2);
  const auto& gdb = runner.calls[1].argv;
  CHECK(std::find(gdb.begin(), gdb.end(), "thread apply all bt") != gdb.end());
  CHECK(gdb.at(gdb.size() - 2) == "/venv/bin/python");
  CHECK(gdb.back() == (request.run_dir / "core").string());
  CHECK_FALSE(std::filesystem::exists(request.run_dir / "core"));
  CHECK(outcome.c_stacks.starts_with(
      "Thread 2 (Thread 0x7fbe0a7fe6c0 (LWP 22178)):\n#0  __futex_abstimed_wait_common64"));
  CHECK(outcome.c_stacks.find("_PySemaphore_Wait") != std::string::npos);
  CHECK(outcome.c_stacks.find("\nThread 1 (Thread 0x7fbe0a8ca740 (LWP 22177)):\n") != std::string::npos);
  CHECK(outcome.c_stacks.find("string_at") != std::string::npos);
  CHECK(outcome.c_stacks.find("auto-load") == std::string::npos);  // gdb's chatter is left out
}

TEST_CASE("a crash without a core says why there are no C frames", "[stress-run]") {
  CHECK_THAT(why_no_core("|/usr/lib/systemd/systemd-coredump %P %u %g", false),
             Catch::Contains("hands core dumps to /usr/lib/systemd/systemd-coredump"));
  CHECK_THAT(why_no_core("core", true), Catch::Contains("ThreadSanitizer can turn core dumps off"));
  CHECK_THAT(why_no_core("core\n", false), Catch::Contains("kernel.core_pattern is `core`"));

  gm::TempDir dir;
  auto request = stress_request(dir.path());  // sanitised: TSan disables cores
  test_exec::FakeProcessRunner runner([&](const gm::exec::ProcessSpec& spec) {
    return stress_play(spec, Outcome::signaled, false, "", stress_data("pvectorc_crash_stacks.txt"));
  });
  auto outcome = run_stress(runner, request);
  CHECK(runner.calls.size() == 1);  // no gdb without a core
  CHECK_THAT(outcome.c_stacks, Catch::Contains("ThreadSanitizer can turn core dumps off"));

  gm::exec::ProcessResult missing;
  missing.outcome = Outcome::failed_to_start;
  missing.start_error = "gdb: not found";
  test_exec::FakeProcessRunner no_gdb([&](const gm::exec::ProcessSpec&) { return missing; });
  std::ofstream(dir.path() / "core.77") << "a core";
  REQUIRE(core_file_in(dir.path()) == dir.path() / "core.77");
  auto read = read_core_stacks(no_gdb, "/venv/bin/python", dir.path() / "core.77");
  CHECK(read.frames.empty());
  CHECK_THAT(read.note, Catch::Contains("apt-get install gdb"));
  CHECK_FALSE(core_file_in(dir.path()));
}

TEST_CASE("a hung run that its watch thread ended with SIGQUIT is a hang, with every thread's C frames from the core",
          "[stress-run]") {
  gm::TempDir dir;
  auto request = stress_request(dir.path());
  request.sanitised = false;
  test_exec::FakeProcessRunner runner([&](const gm::exec::ProcessSpec& spec) {
    if (spec.argv.at(0) == "gdb") {
      auto result = test_exec::exited(0);
      result.out = "Thread 3 (Thread 0x7f (LWP 3)):\n#0  futex_wait () at futex.c:1\n";
      return result;
    }
    std::ofstream(request.run_dir / "core") << "a core";
    auto result = stress_play(spec, Outcome::signaled, false, "", stress_data("deadlock_hang_stacks.txt"));
    result.signal = SIGQUIT;
    return result;
  });
  auto outcome = run_stress(runner, request);
  CHECK(outcome.ending == StressRunOutcome::Ending::hung);
  CHECK(outcome.detail ==
        "did not finish within 30s; every thread's stack was dumped, then the run was ended (SIGQUIT, for its core)");
  CHECK(outcome.c_stacks == "Thread 3 (Thread 0x7f (LWP 3)):\n#0  futex_wait () at futex.c:1\n");

  // SIGQUIT without the hang dump is a crash like any other signal.
  test_exec::FakeProcessRunner quit([&](const gm::exec::ProcessSpec& spec) {
    auto result = stress_play(spec, Outcome::signaled, false, "", "");
    result.signal = SIGQUIT;
    return result;
  });
  request.run_dir = dir.path() / "run-02-gil-off";
  CHECK(run_stress(quit, request).ending == StressRunOutcome::Ending::crashed);
}

TEST_CASE("the hang dump leaves out stress.py's own hang watch thread", "[stress-run]") {
  gm::TempDir dir;
  std::string stacks = stress_data("deadlock_hang_stacks.txt");
  auto at = stacks.find("Thread 0x00007fb4dcd3c4c0 [python]");
  REQUIRE(at != std::string::npos);
  stacks.insert(at,
                "Thread 0x00007f57a04836c0 [gilmatrix-hang-] (most recent call first):\n"
                "  File \"/scripts/stress.py\", line 150 in watch\n"
                "  File \"/usr/lib/python3.14/threading.py\", line 1012 in run\n\n");
  test_exec::FakeProcessRunner runner(
      [&](const gm::exec::ProcessSpec& spec) { return stress_play(spec, Outcome::exited, false, "", stacks); });
  auto outcome = run_stress(runner, stress_request(dir.path()));
  CHECK(outcome.ending == StressRunOutcome::Ending::hung);
  CHECK(outcome.stacks.find("gilmatrix-hang-") == std::string::npos);
  CHECK(outcome.stacks.find("in watch") == std::string::npos);
  CHECK(outcome.stacks.find("[stress-0] (most recent call first)") != std::string::npos);
  CHECK(outcome.stacks.find("[python] (most recent call first)") != std::string::npos);
}
