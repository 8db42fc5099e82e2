#include <fcntl.h>
#include <sched.h>
#include <sys/prctl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/process/v2/posix/default_launcher.hpp>
#include <boost/process/v2/process.hpp>
#include <boost/process/v2/start_dir.hpp>
#include <boost/process/v2/stdio.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>

#include "exec/interrupt.hpp"
#include "exec/process.hpp"
#include "util/paths.hpp"

namespace gm::exec {
namespace {

namespace asio = boost::asio;
namespace bp = boost::process::v2;
using boost::system::error_code;

// Runs in the child between fork and exec: own process group (so the whole
// tree can be killed at once), CPU pinning, default SIGPIPE. Allocates nothing.
struct ChildSetup {
  const cpu_set_t* cpus;
  error_code on_exec_setup(bp::posix::default_launcher&, const bp::filesystem::path&,
                           const char* const*) const {
    if (::setpgid(0, 0) != 0) return {errno, boost::system::system_category()};
    // If gilmatrix itself is killed (even with SIGKILL), its children go too.
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) return {errno, boost::system::system_category()};
    if (cpus != nullptr && ::sched_setaffinity(0, sizeof(cpu_set_t), cpus) != 0)
      return {errno, boost::system::system_category()};
    ::signal(SIGPIPE, SIG_DFL);
    return {};
  }
  // Boost would call exit(), running gilmatrix's exit handlers and flushing its
  // stdio buffers a second time in the child. (Variadic: Boost 1.81 checks for
  // one signature and calls another.)
  template <class... Args>
  void on_exec_error(Args&&...) const {
    ::_exit(127);
  }
};

// Replaces the inherited environment with the one we built.
struct ExplicitEnvironment {
  const char* const* envp;
  error_code on_setup(bp::posix::default_launcher& launcher, const bp::filesystem::path&,
                      const char* const*) const {
    launcher.env = envp;
    return {};
  }
};

struct Pipe {
  int read_end = -1;
  int write_end = -1;
  Pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    read_end = fds[0];
    write_end = fds[1];
  }
  void close_write() {
    if (write_end >= 0) ::close(write_end);
    write_end = -1;
  }
  ~Pipe() {
    close_write();
    if (read_end >= 0) ::close(read_end);
  }
  int release_read() { return std::exchange(read_end, -1); }
  int release_write() { return std::exchange(write_end, -1); }
};

class StreamCapture {
 public:
  StreamCapture(asio::io_context& context, int fd, std::string& sink, bool& truncated, std::size_t cap,
                std::ofstream* log, const std::function<void(std::string_view)>& on_output)
      : stream_(context, fd), sink_(sink), truncated_(truncated), cap_(cap), log_(log), on_output_(on_output) {}

  void start() {
    stream_.async_read_some(asio::buffer(buffer_), [this](error_code ec, std::size_t n) {
      if (n > 0) consume(std::string_view(buffer_.data(), n));
      if (!ec) start();
    });
  }

 private:
  void consume(std::string_view chunk) {
    std::size_t room = sink_.size() < cap_ ? cap_ - sink_.size() : 0;
    sink_.append(chunk.substr(0, room));
    if (chunk.size() > room) truncated_ = true;
    if (log_ != nullptr) log_->write(chunk.data(), static_cast<std::streamsize>(chunk.size())).flush();
    if (on_output_) on_output_(chunk);
  }

  asio::posix::stream_descriptor stream_;
  std::array<char, 1 << 16> buffer_{};
  std::string& sink_;
  bool& truncated_;
  std::size_t cap_;
  std::ofstream* log_;
  const std::function<void(std::string_view)>& on_output_;
};

std::optional<std::filesystem::path> resolve_executable(const ProcessSpec& spec) {
  const auto& name = spec.argv.front();
  if (name.find('/') != std::string::npos) return std::filesystem::path(name);
  return find_executable(name, search_path(spec.env.get("PATH").value_or("")));
}

}  // namespace

ProcessResult SystemProcessRunner::run(const ProcessSpec& spec) {
  // A child that closes its stdin early must not kill us with SIGPIPE.
  static const bool sigpipe_ignored = (::signal(SIGPIPE, SIG_IGN), true);
  (void)sigpipe_ignored;
  ProcessResult result;
  auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  if (spec.argv.empty()) {
    result.start_error = "empty command line";
    return result;
  }
  if (interrupted()) {
    result.outcome = ProcessResult::Outcome::interrupted;
    return result;
  }
  auto executable = resolve_executable(spec);
  if (!executable) {
    result.start_error = "command not found: " + spec.argv.front();
    return result;
  }

  std::vector<std::string> env_entries = spec.env.entries();
  std::vector<const char*> envp;
  for (const auto& entry : env_entries) envp.push_back(entry.c_str());
  envp.push_back(nullptr);

  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  for (int cpu : spec.cpus) CPU_SET(cpu, &cpus);

  std::unique_ptr<std::ofstream> log;
  if (spec.log_file) {
    std::filesystem::create_directories(spec.log_file->parent_path());
    log = std::make_unique<std::ofstream>(*spec.log_file, std::ios::app | std::ios::binary);
  }

  asio::io_context context;
  Pipe out_pipe, err_pipe, in_pipe;
  error_code ec;
  std::vector<std::string> args(spec.argv.begin() + 1, spec.argv.end());
  bp::filesystem::path start_dir =
      spec.working_directory ? spec.working_directory->string() : std::filesystem::current_path().string();
  bp::posix::default_launcher launcher;
  // The executor overload reports failures through `ec`; the io_context one throws.
  auto process = launcher(context.get_executor(), ec, bp::filesystem::path(executable->string()), args,
                          bp::process_stdio{in_pipe.read_end, out_pipe.write_end, err_pipe.write_end},
                          bp::process_start_dir{start_dir}, ExplicitEnvironment{envp.data()},
                          ChildSetup{spec.cpus.empty() ? nullptr : &cpus});
  out_pipe.close_write();
  err_pipe.close_write();
  ::close(std::exchange(in_pipe.read_end, -1));
  if (ec) {
    result.start_error = executable->string() + ": " + ec.message();
    result.wall_seconds = elapsed();
    return result;
  }
  const pid_t group = process.id();
  register_process_group(group);

  StreamCapture out(context, out_pipe.release_read(), result.out, result.out_truncated, spec.output_cap,
                    log.get(), spec.on_output);
  StreamCapture err(context, err_pipe.release_read(), result.err, result.err_truncated, spec.output_cap,
                    log.get(), spec.on_output);
  out.start();
  err.start();

  asio::posix::stream_descriptor stdin_stream(context, in_pipe.release_write());
  if (spec.stdin_text) {
    asio::async_write(stdin_stream, asio::buffer(*spec.stdin_text),
                      [&](error_code, std::size_t) { stdin_stream.close(); });
  } else {
    stdin_stream.close();
  }

  bool timed_out = false;
  asio::steady_timer timer(context);
  if (spec.timeout.count() > 0) {
    timer.expires_after(spec.timeout);
    timer.async_wait([&](error_code timer_ec) {
      if (timer_ec) return;
      timed_out = true;
      ::kill(-group, SIGKILL);
    });
  }
  process.async_wait([&](error_code, int) {
    timer.cancel();
    // Whatever the child left running in its group goes with it; this also
    // closes any pipe a grandchild still held, so reading ends.
    ::kill(-group, SIGKILL);
  });
  context.run();
  unregister_process_group(group);

  result.wall_seconds = elapsed();
  int status = process.native_exit_code();
  if (timed_out) {
    result.outcome = ProcessResult::Outcome::timed_out;
  } else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL && interrupted()) {
    result.outcome = ProcessResult::Outcome::interrupted;
  } else if (WIFEXITED(status)) {
    result.outcome = ProcessResult::Outcome::exited;
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.outcome = ProcessResult::Outcome::signaled;
    result.signal = WTERMSIG(status);
  }
  return result;
}

}  // namespace gm::exec
