#include "sources/release_source.hpp"

#include <algorithm>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "sources/source_tree_version.hpp"
#include "util/hash.hpp"
#include "util/strings.hpp"
#include "util/terminal.hpp"

namespace gm::sources {
namespace fs = std::filesystem;

namespace {

constexpr int kListingCandidatesToTry = 4;

struct Candidate {
  CpythonVersion version;
  fs::path path;
  std::string origin;
};

// Every copy of the newest version any directory holds, in directory order.
std::vector<Candidate> copies_in_directories(const std::string& requested, const std::vector<fs::path>& dirs,
                                             const std::string& origin_word) {
  std::optional<CpythonVersion> newest;
  for (const auto& dir : dirs) {
    auto version = resolve_version(requested, versions_in_directory(dir));
    if (version && (!newest || *newest < *version)) newest = *version;
  }
  std::vector<Candidate> copies;
  if (!newest) return copies;
  for (const auto& dir : dirs) {
    auto versions = versions_in_directory(dir);
    if (std::find(versions.begin(), versions.end(), *newest) != versions.end())
      copies.push_back(Candidate{*newest, dir / tarball_name(*newest), origin_word + " " + dir.string()});
  }
  return copies;
}

struct RejectedCopy {
  SourceProblem::Kind kind;
  std::string why;
};

// A copy that can be built, or why not.
tl::expected<ReleaseTarball, RejectedCopy> usable_copy(const Candidate& copy,
                                                       const std::optional<std::string>& sha256_pin,
                                                       const ReleaseLocator& locator) {
  auto digest = sha256_file(copy.path);
  if (!digest) return tl::unexpected(RejectedCopy{SourceProblem::Kind::unavailable, digest.error()});
  if (sha256_pin && *digest != *sha256_pin)
    return tl::unexpected(RejectedCopy{
        SourceProblem::Kind::integrity,
        fmt::format("sha256 of {} is {}, but the matrix pins {}; the file is not what was expected. Check the file's "
                    "origin, or update the pin if the new file is trusted",
                    copy.path.string(), *digest, *sha256_pin)});
  ReleaseTarball tarball{copy.version, copy.path, *digest, copy.origin};
  if (locator.built_already && locator.built_already(tarball)) return tarball;
  if (auto checked = check_release_tarball(copy.path, copy.version); !checked)
    return tl::unexpected(RejectedCopy{SourceProblem::Kind::integrity, checked.error()});
  return tarball;
}

std::string wanted_file(const std::string& requested) {
  return CpythonVersion::parse(requested) ? "Python-" + requested + ".tar.xz" : "Python-" + requested + ".<N>.tar.xz";
}

tl::expected<Candidate, std::string> download_release(const std::string& requested, ReleaseLocator& locator) {
  std::vector<CpythonVersion> to_try;
  if (auto exact = CpythonVersion::parse(requested)) {
    to_try.push_back(*exact);
  } else {
    auto listing = locator.downloader.fetch_text(locator.base_url + "/");
    if (!listing) return tl::unexpected(listing.error());
    for (const auto& v : versions_in_listing(*listing))
      if (v.minor_string() == requested) to_try.push_back(v);
    std::sort(to_try.rbegin(), to_try.rend());
    if (to_try.empty()) return tl::unexpected(fmt::format("{}/ lists no {}.x release", locator.base_url, requested));
    // A release directory can exist before its final tarball does.
    if (to_try.size() > kListingCandidatesToTry) to_try.resize(kListingCandidatesToTry);
  }
  std::string last_error;
  for (const auto& version : to_try) {
    auto url = fmt::format("{}/{}/{}", locator.base_url, version.to_string(), tarball_name(version));
    if (!CpythonVersion::parse(requested) && !locator.downloader.exists(url)) {
      last_error = url + ": not found";
      continue;
    }
    auto destination = locator.download_dir / tarball_name(version);
    auto& terminal = Terminal::instance();
    terminal.line("downloading " + url);
    auto done = locator.downloader.download(url, destination, [&](std::size_t received, std::size_t total) {
      if (total > 0)
        terminal.status(fmt::format("downloading {}: {:.1f} of {:.1f} MiB", tarball_name(version),
                                    static_cast<double>(received) / (1 << 20), static_cast<double>(total) / (1 << 20)));
    });
    if (done) return Candidate{version, destination, url};
    last_error = done.error();
  }
  return tl::unexpected(last_error);
}

}  // namespace

std::vector<CpythonVersion> versions_in_directory(const fs::path& directory) {
  static const std::regex pattern("Python-([0-9]+\\.[0-9]+\\.[0-9]+)\\.tar\\.xz");
  std::vector<CpythonVersion> versions;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(directory, ec)) {
    std::smatch match;
    auto name = entry.path().filename().string();
    if (std::regex_match(name, match, pattern))
      if (auto v = CpythonVersion::parse(match[1])) versions.push_back(*v);
  }
  return versions;
}

std::vector<CpythonVersion> versions_in_listing(const std::string& html) {
  static const std::regex pattern("href=\"([0-9]+\\.[0-9]+\\.[0-9]+)/\"");
  std::set<CpythonVersion> versions;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), pattern); it != std::sregex_iterator(); ++it)
    if (auto v = CpythonVersion::parse((*it)[1])) versions.insert(*v);
  return {versions.begin(), versions.end()};
}

tl::expected<ReleaseTarball, SourceProblem> obtain_release_tarball(const std::string& requested,
                                                                   const std::optional<std::string>& sha256_pin,
                                                                   ReleaseLocator& locator) {
  std::vector<fs::path> mirror_dirs;
  for (const auto& mirror : locator.mirrors) mirror_dirs.push_back(mirror / "cpython");
  auto copies = copies_in_directories(requested, mirror_dirs, "mirror");
  bool downloaded = false;
  std::string network_error;
  if (copies.empty()) {
    auto fetched = download_release(requested, locator);
    if (fetched) {
      copies = {*fetched};
      downloaded = true;
    } else {
      network_error = fetched.error();
      copies = copies_in_directories(requested, {locator.download_dir}, "earlier download in");
    }
  }
  if (copies.empty()) {
    std::vector<std::string> searched;
    for (const auto& dir : mirror_dirs) searched.push_back(dir.string());
    return tl::unexpected(SourceProblem{
        SourceProblem::Kind::unavailable,
        fmt::format("no {} tarball in {}; download failed: {}. Place {} in a mirror's cpython/ folder "
                    "(--mirror DIR), or run where {} is reachable",
                    requested + (CpythonVersion::parse(requested) ? "" : ".x"),
                    searched.empty() ? std::string("any mirror (none given)") : "mirrors " + join(searched, ", "),
                    network_error, wanted_file(requested), locator.base_url)});
  }
  std::vector<RejectedCopy> rejected;
  for (std::size_t i = 0; i < copies.size(); ++i) {
    auto tarball = usable_copy(copies[i], sha256_pin, locator);
    if (tarball) return *tarball;
    if (downloaded) fs::remove(copies[i].path);
    if (i + 1 < copies.size())
      Terminal::instance().warning(
          fmt::format("{}; trying the copy in {}", tarball.error().why, copies[i + 1].path.parent_path().string()));
    rejected.push_back(tarball.error());
  }
  bool integrity = std::any_of(rejected.begin(), rejected.end(),
                               [](const auto& r) { return r.kind == SourceProblem::Kind::integrity; });
  auto kind = integrity ? SourceProblem::Kind::integrity : SourceProblem::Kind::unavailable;
  if (rejected.size() == 1)
    return tl::unexpected(SourceProblem{kind, rejected.front().why + " (nothing was built or cached)"});
  std::vector<std::string> whys;
  for (const auto& r : rejected) whys.push_back(r.why);
  return tl::unexpected(
      SourceProblem{kind, fmt::format("none of the {} copies of {} can be used (nothing was built or cached): {}",
                                      rejected.size(), tarball_name(copies.front().version), join(whys, "; "))});
}

}  // namespace gm::sources
