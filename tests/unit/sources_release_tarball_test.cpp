#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "sources/release_source.hpp"
#include "sources/source_tree_version.hpp"
#include "tar_writer.hpp"
#include "util/paths.hpp"

namespace fs = std::filesystem;
using gm::sources::CpythonVersion;

namespace {

// A .tar.xz holding <top>/Include/patchlevel.h with PY_VERSION `claimed`, and
// enough other data that a truncated copy loses its end.
void write_release_tarball(const fs::path& file, const std::string& top, const std::string& claimed) {
  fs::create_directories(file.parent_path());
  std::string filler;
  for (int i = 0; filler.size() < 200000; ++i) filler += std::to_string(i * 7919 % 104729) + "\n";
  test_archive::write_tar(
      file, {{top + "/Include/patchlevel.h", "#define PY_VERSION \"" + claimed + "\"\n"}, {top + "/filler", filler}},
      test_archive::Compression::xz);
}

void truncate_to_half(const fs::path& file) { fs::resize_file(file, fs::file_size(file) / 2); }

}  // namespace

TEST_CASE("check_release_tarball: a good copy passes, a truncated or mislabelled one is refused with why",
          "[sources][release]") {
  gm::TempDir dir;
  auto version = *CpythonVersion::parse("3.99.0");
  auto good = dir.path() / "good" / "Python-3.99.0.tar.xz";
  write_release_tarball(good, "Python-3.99.0", "3.99.0");
  CHECK(gm::sources::check_release_tarball(good, version));

  auto truncated = dir.path() / "truncated" / "Python-3.99.0.tar.xz";
  write_release_tarball(truncated, "Python-3.99.0", "3.99.0");
  truncate_to_half(truncated);
  auto refused = gm::sources::check_release_tarball(truncated, version);
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error(), Catch::StartsWith(truncated.string() + " is damaged ("));
  CHECK_THAT(refused.error(), Catch::EndsWith("replace it with the release from python.org"));

  auto mislabelled = dir.path() / "mislabelled" / "Python-3.99.0.tar.xz";
  write_release_tarball(mislabelled, "Python-3.99.0", "3.98.0");
  refused = gm::sources::check_release_tarball(mislabelled, version);
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error(), Catch::Contains("is named 3.99.0 but holds Python 3.98.0"));

  auto not_cpython = dir.path() / "other" / "Python-3.99.0.tar.xz";
  write_release_tarball(not_cpython, "Python-3.99.0/Lib", "3.99.0");  // patchlevel.h one folder too deep
  refused = gm::sources::check_release_tarball(not_cpython, version);
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error(), Catch::Contains("is not a CPython source tree"));
}

TEST_CASE("obtain_release_tarball: a damaged copy in the first mirror gives way to a good one in the second",
          "[sources][release]") {
  gm::TempDir dir;
  auto first = dir.path() / "first", second = dir.path() / "second";
  write_release_tarball(first / "cpython" / "Python-3.99.0.tar.xz", "Python-3.99.0", "3.99.0");
  truncate_to_half(first / "cpython" / "Python-3.99.0.tar.xz");
  write_release_tarball(second / "cpython" / "Python-3.99.0.tar.xz", "Python-3.99.0", "3.99.0");
  gm::sources::OfflineDownloader offline;
  gm::sources::ReleaseLocator locator{{first, second}, dir.path() / "downloads", offline};

  auto tarball = gm::sources::obtain_release_tarball("3.99", std::nullopt, locator);
  REQUIRE(tarball);
  CHECK(tarball->path == second / "cpython" / "Python-3.99.0.tar.xz");
  CHECK(tarball->origin == "mirror " + (second / "cpython").string());

  SECTION("a copy whose build is cached is used without reading it") {
    int asked = 0;
    locator.built_already = [&](const gm::sources::ReleaseTarball&) {
      ++asked;
      return true;
    };
    auto cached = gm::sources::obtain_release_tarball("3.99", std::nullopt, locator);
    REQUIRE(cached);
    CHECK(cached->path == first / "cpython" / "Python-3.99.0.tar.xz");
    CHECK(asked == 1);
  }
  SECTION("every copy damaged is an integrity problem naming each") {
    truncate_to_half(second / "cpython" / "Python-3.99.0.tar.xz");
    auto none = gm::sources::obtain_release_tarball("3.99", std::nullopt, locator);
    REQUIRE_FALSE(none);
    CHECK(none.error().kind == gm::sources::SourceProblem::Kind::integrity);
    CHECK_THAT(none.error().message, Catch::StartsWith("none of the 2 copies of Python-3.99.0.tar.xz can be used"));
    for (const auto& mirror : {first, second})
      CHECK_THAT(none.error().message,
                 Catch::Contains((mirror / "cpython" / "Python-3.99.0.tar.xz").string() + " is damaged"));
  }
  SECTION("a pin that only the second copy matches picks the second copy") {
    locator.built_already = [](const gm::sources::ReleaseTarball&) { return true; };
    auto pinned = gm::sources::obtain_release_tarball("3.99", tarball->sha256, locator);
    REQUIRE(pinned);
    CHECK(pinned->path == second / "cpython" / "Python-3.99.0.tar.xz");
  }
}
