#include "util/output_folder.hpp"

#include <fmt/format.h>

#include "util/disk_space.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"

namespace gm {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMarkerHeading =
    "# gilmatrix wrote this folder. It replaces or removes only the files and folders listed below;\n"
    "# anything else here is left alone.\n";

bool is_empty_directory(const fs::path& dir) {
  std::error_code ec;
  return fs::directory_iterator(dir, ec) == fs::directory_iterator();
}

// A name the marker may list: one component, not `.` or `..`.
bool is_plain_name(const std::string& name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos;
}

}  // namespace

bool OutputFolder::is_marked(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(fs::symlink_status(dir / kMarker, ec));
}

OutputFolder::OutputFolder(fs::path dir, const Claim& claim) : dir_(std::move(dir)) {
  std::error_code ec;
  auto status = fs::status(dir_, ec);
  if (fs::exists(status) && !fs::is_directory(status))
    throw UsageError(
        fmt::format("{} {} is not a directory: choose a new or empty folder", claim.option, dir_.string()));
  bool existed = fs::exists(status);
  if (existed && is_marked(dir_)) {
    auto listed = read_text_file(dir_ / kMarker);
    for (const auto& line : split(listed.value_or(""), '\n'))
      if (!line.empty() && line[0] != '#' && is_plain_name(line)) written_.insert(line);
    return;
  }
  if (existed && !is_empty_directory(dir_) && !claim.force)
    throw UsageError(
        fmt::format("{} {} is not empty and gilmatrix did not make it (it has no {}); gilmatrix would "
                    "replace files there of the names it writes (results.json, report.md, charts). "
                    "Choose a new or empty folder, or pass --force to write into it anyway (files "
                    "gilmatrix did not write are never removed)",
                    claim.option, dir_.string(), kMarker));
  fs::create_directories(dir_, ec);
  if (ec) {
    auto full = disk_full(dir_);
    throw InfraError(fmt::format("cannot create {}: {}", dir_.string(), full ? *full : ec.message()));
  }
  save_marker();
}

void OutputFolder::save_marker() {
  std::string text(kMarkerHeading);
  for (const auto& name : written_) text += name + "\n";
  write_file_atomically(dir_ / kMarker, text);
}

void OutputFolder::record(const std::string& name) {
  if (!is_plain_name(name)) throw std::invalid_argument("OutputFolder::record: not one name: " + name);
  if (written_.insert(name).second) save_marker();
}

void OutputFolder::write_file(const std::string& name, std::string_view content) {
  record(name);
  write_file_atomically(dir_ / name, content);
}

fs::path OutputFolder::own_directory(const std::string& name) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(dir_ / name, ec))) record(name);
  return dir_ / name;
}

void OutputFolder::remove_own(const std::string& name) {
  if (!wrote(name)) return;
  std::error_code ec;
  fs::remove_all(dir_ / name, ec);
  if (ec) return;
  written_.erase(name);
  // Best effort: a marker still listing what is gone does no harm, and on a
  // full disk the error that matters comes from what is written next.
  try {
    save_marker();
  } catch (const Error&) {
  }
}

}  // namespace gm
