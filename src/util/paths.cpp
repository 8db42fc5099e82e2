#include "util/paths.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "util/disk_space.hpp"
#include "util/strings.hpp"

namespace gm {

bool written_as_path(std::string_view text) {
  return text.starts_with("/") || text.starts_with("./") || text.starts_with("../");
}

std::optional<std::string> getenv_string(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

fs::path cache_root(const std::optional<fs::path>& override_dir) {
  if (override_dir) return fs::absolute(*override_dir);
  if (auto own = getenv_string("GILMATRIX_CACHE")) return fs::absolute(*own);
  if (auto xdg = getenv_string("XDG_CACHE_HOME")) return fs::path(*xdg) / "gilmatrix";
  if (auto home = getenv_string("HOME")) return fs::path(*home) / ".cache" / "gilmatrix";
  throw InfraError("neither XDG_CACHE_HOME nor HOME is set; pass --cache DIR");
}

std::optional<fs::path> default_cache_root() {
  try {
    return cache_root();
  } catch (const InfraError&) {
    return std::nullopt;
  }
}

std::uintmax_t directory_size(const fs::path& dir) {
  std::uintmax_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::recursive_directory_iterator(); it.increment(ec))
    if (!it->is_symlink(ec) && it->is_regular_file(ec)) total += it->file_size(ec);
  return total;
}

Expected<std::string> read_text_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot read " + path.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

namespace {

const char* file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

}  // namespace

Expected<std::string> read_input_file(const fs::path& path, std::uintmax_t max_bytes) {
  // O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return fail(fmt::format("cannot read {}: {}", path.string(), std::strerror(errno)));
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    return fail(fmt::format("{} is {}, not a regular file", path.string(), file_kind(info.st_mode)));
  }
  if (static_cast<std::uintmax_t>(info.st_size) > max_bytes) {
    ::close(fd);
    return fail(fmt::format("{} is {} MiB, more than the {} MiB gilmatrix reads", path.string(),
                            static_cast<std::uintmax_t>(info.st_size) >> 20, max_bytes >> 20));
  }
  std::string text;
  char buffer[65536];
  while (true) {
    auto got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      int error = errno;
      ::close(fd);
      return fail(fmt::format("cannot read {}: {}", path.string(), std::strerror(error)));
    }
    if (got == 0) break;
    text.append(buffer, static_cast<std::size_t>(got));
    if (text.size() > max_bytes) {  // it grew while being read
      ::close(fd);
      return fail(fmt::format("{} is more than the {} MiB gilmatrix reads", path.string(), max_bytes >> 20));
    }
  }
  ::close(fd);
  return text;
}

void write_file_atomically(const fs::path& path, std::string_view content) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  fs::path temporary = path;
  temporary += ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      out.close();
      std::error_code ec;
      fs::remove(temporary, ec);
      auto full = disk_full(path.parent_path());
      throw InfraError("cannot write " + path.string() + ": " + (full ? *full : "is the disk full or read-only?"));
    }
  }
  fs::rename(temporary, path);
}

std::vector<fs::path> search_path(std::string_view path_variable) {
  std::vector<fs::path> directories;
  for (const auto& entry : split(path_variable, ':'))
    if (!entry.empty()) directories.emplace_back(entry);
  return directories;
}

std::optional<fs::path> find_executable(std::string_view name, const std::vector<fs::path>& directories,
                                        const std::vector<fs::path>& skip) {
  for (const auto& directory : directories) {
    bool skipped = false;
    for (const auto& s : skip) {
      std::error_code ec;
      if (fs::equivalent(directory, s, ec)) skipped = true;
    }
    if (skipped) continue;
    auto candidate = directory / name;
    if (::access(candidate.c_str(), X_OK) == 0 && !fs::is_directory(candidate)) return candidate;
  }
  return std::nullopt;
}

namespace {
std::string format_utc(const char* format) {
  auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, format, &utc);
  return buffer;
}
}  // namespace

std::string utc_timestamp_iso() { return format_utc("%Y-%m-%dT%H:%M:%SZ"); }
std::string utc_timestamp_compact() { return format_utc("%Y%m%dT%H%M%SZ"); }

}  // namespace gm

namespace gm {

TempDir::TempDir(std::string_view prefix) : TempDir(fs::path(getenv_string("TMPDIR").value_or("/tmp")), prefix) {}

TempDir::TempDir(const fs::path& base, std::string_view prefix) {
  std::error_code ec;
  fs::create_directories(base, ec);
  std::string pattern = (base / (std::string(prefix) + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) throw InfraError("cannot create a temporary directory in " + base.string());
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

}  // namespace gm
