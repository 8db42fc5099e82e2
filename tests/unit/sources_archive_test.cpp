#include <archive.h>
#include <archive_entry.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "sources/archive.hpp"
#include "util/paths.hpp"

namespace fs = std::filesystem;

namespace {
// A tar archive with the given (path, content) members; a content starting with
// "->" makes a symbolic link to the rest.
void write_tar(const fs::path& file, const std::vector<std::pair<std::string, std::string>>& members) {
  archive* writer = archive_write_new();
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
}  // namespace

TEST_CASE("an archive extracts under its single top-level directory") {
  gm::TempDir dir;
  write_tar(dir.path() / "ok.tar", {{"Python-3.99.0/configure", "#!/bin/sh\n"}, {"Python-3.99.0/README", "hi"}});
  auto top = gm::sources::extract_archive(dir.path() / "ok.tar", dir.path() / "out");
  REQUIRE(top);
  REQUIRE(*top == dir.path() / "out" / "Python-3.99.0");
  REQUIRE(fs::exists(*top / "README"));
}

TEST_CASE("an archive extracts into a directory reached through a symbolic link (a symlinked cache path)") {
  gm::TempDir dir;
  fs::create_directories(dir.path() / "real");
  fs::create_directory_symlink(dir.path() / "real", dir.path() / "link");
  write_tar(dir.path() / "ok.tar", {{"Python-3.99.0/configure", "#!/bin/sh\n"}, {"Python-3.99.0/Lib/os.py", "x"},
                                    {"Python-3.99.0/python.sh", "->configure"}});
  auto top = gm::sources::extract_archive(dir.path() / "ok.tar", dir.path() / "link" / ".cache" / "work");
  REQUIRE(top);
  CHECK(*top == dir.path() / "link" / ".cache" / "work" / "Python-3.99.0");
  CHECK(fs::exists(dir.path() / "real" / ".cache" / "work" / "Python-3.99.0" / "Lib" / "os.py"));
  CHECK(fs::is_symlink(dir.path() / "real" / ".cache" / "work" / "Python-3.99.0" / "python.sh"));
}

TEST_CASE("a member written through a symbolic link inside the archive is still refused") {
  gm::TempDir dir;
  write_tar(dir.path() / "evil.tar", {{"top/sub/x", "y"}, {"top/inside", "->sub"}, {"top/inside/pwned", "x"}});
  auto result = gm::sources::extract_archive(dir.path() / "evil.tar", dir.path() / "out");
  CHECK_FALSE(result);
}

TEST_CASE("an archive member that would escape the extraction directory is rejected") {
  gm::TempDir dir;
  for (const auto& evil : {std::string("../escaped.txt"), std::string("a/../../escaped.txt"), std::string("/tmp/abs")}) {
    write_tar(dir.path() / "evil.tar", {{"ok/file", "x"}, {evil, "pwned"}});
    auto result = gm::sources::extract_archive(dir.path() / "evil.tar", dir.path() / "out");
    REQUIRE_FALSE(result);
    REQUIRE(result.error().find("would escape the extraction directory") != std::string::npos);
    REQUIRE_FALSE(fs::exists(dir.path() / "escaped.txt"));
  }
}

TEST_CASE("a symbolic link leading out of the extraction directory is rejected") {
  gm::TempDir dir;
  write_tar(dir.path() / "link.tar", {{"top/link", "->../../outside"}});
  auto result = gm::sources::extract_archive(dir.path() / "link.tar", dir.path() / "out");
  REQUIRE_FALSE(result);
  REQUIRE(result.error().find("symbolic link") != std::string::npos);
}

TEST_CASE("member paths: relative and inside are safe, absolute or .. are not") {
  REQUIRE(gm::sources::is_safe_member_path("a/b/c"));
  REQUIRE_FALSE(gm::sources::is_safe_member_path("/etc/passwd"));
  REQUIRE_FALSE(gm::sources::is_safe_member_path("a/../../b"));
  REQUIRE_FALSE(gm::sources::is_safe_member_path(""));
}
