#include <fcntl.h>
#include <sched.h>
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
#include <memory>

#include "exec/captured_output.hpp"
#include "exec/interrupt.hpp"
#include "exec/job_tree.hpp"
#include "exec/process.hpp"
#include "util/paths.hpp"

namespace gm::exec {
namespace {

namespace asio = boost::asio;
namespace bp = boost::process::v2;
using boost::system::error_code;

// Runs in the child between fork and exec: the child becomes the job's
// reaper, and its own child goes on to exec the command (job_tree.hpp).
// Allocates nothing.
struct ChildSetup {
  pid_t gilmatrix;
  const cpu_set_t* cpus;
  error_code on_exec_setup(bp::posix::default_launcher&, const bp::filesystem::path&, const char* const*) const {
    if (int error = start_job_tree(gilmatrix, cpus); error != 0) return {error, boost::system::system_category()};
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
  error_code on_setup(bp::posix::default_launcher& launcher, const bp::filesystem::path&, const char* const*) const {
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

// Appends everything a job prints to its log file; remembers the first
// failure (a full disk, most often) instead of losing output silently.
class LogFile {
 public:
  explicit LogFile(const std::filesystem::path& path) : path_(path) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) error_ = "cannot open " + path.string() + ": " + std::strerror(errno);
  }
  ~LogFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  LogFile(const LogFile&) = delete;
  LogFile& operator=(const LogFile&) = delete;

  void write(std::string_view chunk) {
    while (fd_ >= 0 && !chunk.empty()) {
      ssize_t written = ::write(fd_, chunk.data(), chunk.size());
      if (written < 0 && errno == EINTR) continue;
      if (written <= 0) {
        error_ = "cannot write " + path_.string() + ": " + std::strerror(errno);
        ::close(std::exchange(fd_, -1));
        return;
      }
      chunk.remove_prefix(static_cast<std::size_t>(written));
    }
  }
  const std::string& error() const { return error_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::string error_;
};

// Reads one output stream of the job until end of file, or until the job is
// over: finish() then takes what is still in the pipe without waiting, so a
// process that escaped with the pipe's write end cannot keep us waiting.
class StreamCapture {
 public:
  StreamCapture(asio::io_context& context, int fd, std::size_t cap, LogFile* log,
                const std::function<void(std::string_view)>& on_output)
      : stream_(context, fd), captured_(cap), log_(log), on_output_(on_output) {}

  void start() {
    reading_ = true;
    stream_.async_read_some(asio::buffer(buffer_), [this](error_code ec, std::size_t n) {
      if (n > 0) consume(std::string_view(buffer_.data(), n));
      if (!ec && !finishing_) return start();
      reading_ = false;
      if (finishing_ && ec != asio::error::eof) drain();
    });
  }

  // The job has ended: stop waiting for end of file.
  void finish() {
    finishing_ = true;
    error_code ec;
    if (reading_) stream_.cancel(ec);
  }

  const CapturedOutput& captured() const { return captured_; }

 private:
  void consume(std::string_view chunk) {
    captured_.append(chunk);
    if (log_ != nullptr) log_->write(chunk);
    if (on_output_) on_output_(chunk);
  }

  void drain() {
    error_code ec;
    stream_.non_blocking(true, ec);
    for (;;) {
      std::size_t n = stream_.read_some(asio::buffer(buffer_), ec);
      if (n > 0) consume(std::string_view(buffer_.data(), n));
      if (ec) break;
    }
    stream_.close(ec);
  }

  asio::posix::stream_descriptor stream_;
  std::array<char, 1 << 16> buffer_{};
  CapturedOutput captured_;
  LogFile* log_;
  const std::function<void(std::string_view)>& on_output_;
  bool reading_ = false;
  bool finishing_ = false;
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
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
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

  std::unique_ptr<LogFile> log;
  if (spec.log_file) log = std::make_unique<LogFile>(*spec.log_file);

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
                          ChildSetup{::getpid(), spec.cpus.empty() ? nullptr : &cpus});
  out_pipe.close_write();
  err_pipe.close_write();
  ::close(std::exchange(in_pipe.read_end, -1));
  if (ec) {
    // The command could not be executed; its reaper ends at once and is ours to reap.
    if (launcher.pid > 0) ::waitpid(launcher.pid, nullptr, 0);
    result.start_error = executable->string() + ": " + ec.message();
    result.wall_seconds = elapsed();
    return result;
  }
  const pid_t reaper = process.id();
  register_job(reaper);

  StreamCapture out(context, out_pipe.release_read(), spec.output_cap, log.get(), spec.on_output);
  StreamCapture err(context, err_pipe.release_read(), spec.output_cap, log.get(), spec.on_output);
  out.start();
  err.start();

  asio::posix::stream_descriptor stdin_stream(context, in_pipe.release_write());
  if (spec.stdin_text) {
    asio::async_write(stdin_stream, asio::buffer(*spec.stdin_text), [&](error_code, std::size_t) {
      error_code ignored;
      stdin_stream.close(ignored);
    });
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
      ::kill(reaper, kTeardownSignal);
    });
  }
  // The reaper exits only once the whole job is dead; nothing is waited for after that.
  process.async_wait([&](error_code, int) {
    timer.cancel();
    error_code ignored;
    stdin_stream.close(ignored);
    out.finish();
    err.finish();
  });
  context.run();
  unregister_job(reaper);

  result.wall_seconds = elapsed();
  result.out = out.captured().text();
  result.out_truncated = out.captured().truncated();
  result.err = err.captured().text();
  result.err_truncated = err.captured().truncated();
  if (log) result.log_error = log->error();
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
