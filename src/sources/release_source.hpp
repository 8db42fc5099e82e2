#pragma once
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "sources/cpython_version.hpp"
#include "sources/downloader.hpp"

namespace gm::sources {

inline constexpr const char* kPythonOrgReleases = "https://www.python.org/ftp/python";

struct ReleaseTarball {
  CpythonVersion version;
  std::filesystem::path path;
  std::string sha256;
  std::string origin;  // "mirror DIR" or the URL it came from
};

struct SourceProblem {
  enum class Kind { unavailable, integrity } kind = Kind::unavailable;
  std::string message;  // what went wrong and how to fix it
};

struct ReleaseLocator {
  std::vector<std::filesystem::path> mirrors;  // each with a cpython/ folder
  std::filesystem::path download_dir;          // where downloads are kept
  Downloader& downloader;
  std::string base_url = kPythonOrgReleases;
  // Whether a build of this tarball is already cached: its copy is then used
  // as it is. Any other copy is read to its end and its patchlevel.h checked
  // (check_release_tarball) before it is handed out for a build.
  std::function<bool(const ReleaseTarball&)> built_already = nullptr;
};

// Release versions whose tarballs are in `directory` (Python-X.Y.Z.tar.xz).
std::vector<CpythonVersion> versions_in_directory(const std::filesystem::path& directory);
// Versions named in the upstream directory listing (href="3.13.15/").
std::vector<CpythonVersion> versions_in_listing(const std::string& html);

// Mirrors first, then the network (listing, then tarball), then tarballs
// downloaded earlier. Every copy of the newest matching version is tried in
// mirror order: its sha256 is computed, a pin that does not match or a copy
// that is damaged (see ReleaseLocator::built_already) is warned about and the
// next copy tried. When none can be used it is an integrity problem (never an
// unavailable source), and a downloaded copy is deleted.
tl::expected<ReleaseTarball, SourceProblem> obtain_release_tarball(const std::string& requested,
                                                                   const std::optional<std::string>& sha256_pin,
                                                                   ReleaseLocator& locator);

}  // namespace gm::sources
