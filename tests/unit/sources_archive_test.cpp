#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "sources/archive.hpp"
#include "tar_writer.hpp"
#include "util/paths.hpp"

namespace fs = std::filesystem;

using test_archive::write_tar;

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
  write_tar(dir.path() / "ok.tar", {{"Python-3.99.0/configure", "#!/bin/sh\n"},
                                    {"Python-3.99.0/Lib/os.py", "x"},
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
  for (const auto& evil :
       {std::string("../escaped.txt"), std::string("a/../../escaped.txt"), std::string("/tmp/abs")}) {
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
