#pragma once
// Test archives written with libarchive: (path, content) members, a content
// starting with "->" making a symbolic link to the rest.
#include <archive.h>
#include <archive_entry.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace test_archive {

enum class Compression { none, xz };

inline void write_tar(const std::filesystem::path& file,
                      const std::vector<std::pair<std::string, std::string>>& members,
                      Compression compression = Compression::none) {
  archive* writer = archive_write_new();
  if (compression == Compression::xz) archive_write_add_filter_xz(writer);
  archive_write_set_format_pax_restricted(writer);
  archive_write_open_filename(writer, file.c_str());
  for (const auto& [path, content] : members) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, path.c_str());
    archive_entry_set_perm(entry, 0644);
    if (content.rfind("->", 0) == 0) {
      archive_entry_set_filetype(entry, AE_IFLNK);
      archive_entry_set_symlink(entry, content.substr(2).c_str());
      archive_write_header(writer, entry);
    } else {
      archive_entry_set_filetype(entry, AE_IFREG);
      archive_entry_set_size(entry, static_cast<la_int64_t>(content.size()));
      archive_write_header(writer, entry);
      archive_write_data(writer, content.data(), content.size());
    }
    archive_entry_free(entry);
  }
  archive_write_close(writer);
  archive_write_free(writer);
}

}  // namespace test_archive
