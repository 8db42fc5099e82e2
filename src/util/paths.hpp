#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"

namespace gm {

namespace fs = std::filesystem;

// `override_dir` (from --cache), else $GILMATRIX_CACHE, else $XDG_CACHE_HOME/gilmatrix,
// else ~/.cache/gilmatrix. Reports write it as `$GILMATRIX_CACHE`.
fs::path cache_root(const std::optional<fs::path>& override_dir = std::nullopt);
// The cache a command uses without --cache; nullopt when there is none (no HOME).
std::optional<fs::path> default_cache_root();

Expected<std::string> read_text_file(const fs::path& path);
// A file a person names as input (a results file, a matrix): a regular file of
// at most `max_bytes`. A FIFO or device is refused without blocking in open(),
// and /dev/zero is not read until memory runs out; the error says which.
Expected<std::string> read_input_file(const fs::path& path, std::uintmax_t max_bytes);

// Writes to a temporary sibling and renames it over `path`, so readers never see
// half a file and an interrupted write leaves the old content.
void write_file_atomically(const fs::path& path, std::string_view content);

// The directories of a PATH-style variable, in order.
std::vector<fs::path> search_path(std::string_view path_variable);

// First executable called `name` in `directories`, skipping any in `skip`.
std::optional<fs::path> find_executable(std::string_view name, const std::vector<fs::path>& directories,
                                        const std::vector<fs::path>& skip = {});

std::optional<std::string> getenv_string(const char* name);

// Written as a path on the local disk ("/abs", "./rel", "../rel"), whether or
// not it exists: how a requirement, a git source or a local package is told
// from a name or URL.
bool written_as_path(std::string_view text);

// Bytes in the regular files under `dir` (symbolic links not followed); 0 if it does not exist.
std::uintmax_t directory_size(const fs::path& dir);

// UTC time stamps: "2026-11-23T13:45:00Z" and the file-name form "20261123T134500Z".
std::string utc_timestamp_iso();
std::string utc_timestamp_compact();

}  // namespace gm

namespace gm {

// A fresh directory under $TMPDIR (or under `base`, for scratch that belongs
// with something gilmatrix already cleans up), removed with everything in it
// on destruction.
class TempDir {
 public:
  explicit TempDir(std::string_view prefix = "gilmatrix");
  TempDir(const fs::path& base, std::string_view prefix);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

}  // namespace gm
