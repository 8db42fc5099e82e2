#include "sources/archive.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <set>

#include <fmt/format.h>

#include "util/strings.hpp"

namespace gm::sources {
namespace fs = std::filesystem;

bool is_safe_member_path(const std::string& path) {
  if (path.empty() || path.front() == '/') return false;
  for (const auto& part : split(path, '/'))
    if (part == "..") return false;
  return true;
}

ArchiveReader tar_reader() {
  ArchiveReader reader(archive_read_new(), archive_read_free);
  archive_read_support_filter_all(reader.get());
  archive_read_support_format_tar(reader.get());
  archive_read_support_format_gnutar(reader.get());
  return reader;
}

Expected<fs::path> extract_archive(const fs::path& archive_path, const fs::path& destination) {
  auto reader = tar_reader();
  std::unique_ptr<archive, decltype(&archive_write_free)> writer(archive_write_disk_new(), archive_write_free);
  // libarchive's own guards as well as ours below: no "..", no writing through symlinks. (Member
  // paths are checked for being relative, then rewritten to absolute paths under the canonical `destination`.)
  archive_write_disk_set_options(writer.get(), ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM |
                                                   ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_SECURE_SYMLINKS);
  archive_write_disk_set_standard_lookup(writer.get());
  if (archive_read_open_filename(reader.get(), archive_path.c_str(), 1 << 16) != ARCHIVE_OK)
    return fail(fmt::format("cannot open {}: {}", archive_path.string(), archive_error_string(reader.get())));
  fs::create_directories(destination);
  // libarchive's symlink guard checks every component of the absolute path it
  // is given, the destination's own included: a cache reached through a
  // symlink (XDG_CACHE_HOME=/home/u/link/.cache) would refuse every member.
  // Members are written under the canonical destination, so the guard sees
  // only the links inside the archive.
  std::error_code resolved_ec;
  const fs::path root = fs::canonical(destination, resolved_ec);
  if (resolved_ec)
    return fail(
        fmt::format("cannot resolve the extraction directory {}: {}", destination.string(), resolved_ec.message()));
  std::set<std::string> top_level;
  archive_entry* entry = nullptr;
  while (true) {
    int status = archive_read_next_header(reader.get(), &entry);
    if (status == ARCHIVE_EOF) break;
    if (status < ARCHIVE_WARN)
      return fail(fmt::format("{} is damaged: {}", archive_path.string(), archive_error_string(reader.get())));
    std::string member = archive_entry_pathname(entry);
    if (!is_safe_member_path(member))
      return fail(
          fmt::format("{} has a member that would escape the extraction directory: {}", archive_path.string(), member));
    if (const char* hardlink = archive_entry_hardlink(entry); hardlink && !is_safe_member_path(hardlink))
      return fail(fmt::format("{} has a hard link leading outside the extraction directory: {} -> {}",
                              archive_path.string(), member, hardlink));
    if (const char* symlink = archive_entry_symlink(entry)) {
      auto resolved = (fs::path(member).parent_path() / symlink).lexically_normal().string();
      if (symlink[0] == '/' || !is_safe_member_path(resolved) || resolved.starts_with(".."))
        return fail(fmt::format("{} has a symbolic link leading outside the extraction directory: {} -> {}",
                                archive_path.string(), member, symlink));
    }
    top_level.insert(split(member, '/').front());
    auto target = (root / member).string();
    archive_entry_set_pathname(entry, target.c_str());
    if (const char* hardlink = archive_entry_hardlink(entry)) {
      auto link_target = (root / hardlink).string();
      archive_entry_set_hardlink(entry, link_target.c_str());
    }
    if (archive_write_header(writer.get(), entry) < ARCHIVE_WARN)
      return fail(fmt::format("cannot extract {}: {}", member, archive_error_string(writer.get())));
    const void* block = nullptr;
    size_t size = 0;
    la_int64_t offset = 0;
    while ((status = archive_read_data_block(reader.get(), &block, &size, &offset)) == ARCHIVE_OK)
      if (archive_write_data_block(writer.get(), block, size, offset) < ARCHIVE_WARN)
        return fail(fmt::format("cannot write {}: {}", member, archive_error_string(writer.get())));
    if (status < ARCHIVE_WARN)
      return fail(fmt::format("{} is damaged: {}", archive_path.string(), archive_error_string(reader.get())));
    archive_write_finish_entry(writer.get());
  }
  archive_write_close(writer.get());
  if (top_level.size() == 1 && fs::is_directory(destination / *top_level.begin()))
    return destination / *top_level.begin();
  return destination;
}

}  // namespace gm::sources
