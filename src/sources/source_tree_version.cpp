#include "sources/source_tree_version.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <optional>
#include <regex>

#include <fmt/format.h>

#include "sources/archive.hpp"
#include "util/paths.hpp"

namespace gm::sources {

namespace {

std::string not_a_source_tree(const std::filesystem::path& tarball) {
  return fmt::format(
      "{} is not a CPython source tree: it has no Include/patchlevel.h; replace it with the release "
      "from python.org",
      tarball.string());
}

// "Python-3.13.15/Include/patchlevel.h": the header under the one top-level folder.
bool is_patchlevel_member(const std::string& member) {
  auto slash = member.find('/');
  return slash != std::string::npos && slash > 0 && member.substr(slash + 1) == "Include/patchlevel.h";
}

}  // namespace

Expected<void> check_patchlevel(const std::string& text, const CpythonVersion& expected,
                                const std::filesystem::path& tarball, const std::string& header) {
  std::smatch found;
  if (!std::regex_search(text, found, std::regex(R"(#define\s+PY_VERSION\s+"([^"]*)\")")))
    return fail(
        fmt::format("{}: {} has no PY_VERSION; replace it with the release from python.org", tarball.string(), header));
  if (found[1].str() != expected.to_string())
    return fail(
        fmt::format("{} is named {} but holds Python {} (PY_VERSION in Include/patchlevel.h); replace it with "
                    "the {} release from python.org",
                    tarball.string(), expected.to_string(), found[1].str(), expected.to_string()));
  return {};
}

Expected<void> check_source_tree_version(const std::filesystem::path& tree, const CpythonVersion& expected,
                                         const std::filesystem::path& tarball) {
  auto header = tree / "Include" / "patchlevel.h";
  auto text = read_text_file(header);
  if (!text) return fail(not_a_source_tree(tarball));
  return check_patchlevel(*text, expected, tarball, header.string());
}

Expected<void> check_release_tarball(const std::filesystem::path& tarball, const CpythonVersion& expected) {
  auto reader = tar_reader();
  // The file was readable (its sha256 is known): a stream that does not decode is a damaged file.
  auto damaged = [&] {
    return fail(fmt::format("{} is damaged ({}): replace it with the release from python.org", tarball.string(),
                            archive_error_string(reader.get())));
  };
  if (archive_read_open_filename(reader.get(), tarball.c_str(), 1 << 16) != ARCHIVE_OK) return damaged();
  std::optional<std::string> header_member;
  std::string header_text;
  archive_entry* entry = nullptr;
  while (true) {
    int status = archive_read_next_header(reader.get(), &entry);
    if (status == ARCHIVE_EOF) break;
    if (status < ARCHIVE_WARN) return damaged();
    std::string member = archive_entry_pathname(entry);
    if (!header_member && is_patchlevel_member(member)) {
      header_member = member;
      char buffer[8192];
      la_ssize_t got = 0;
      while ((got = archive_read_data(reader.get(), buffer, sizeof buffer)) > 0)
        header_text.append(buffer, static_cast<std::size_t>(got));
      if (got < 0) return damaged();
    } else if (archive_read_data_skip(reader.get()) < ARCHIVE_WARN) {
      return damaged();
    }
  }
  if (!header_member) return fail(not_a_source_tree(tarball));
  return check_patchlevel(header_text, expected, tarball, *header_member);
}

}  // namespace gm::sources
