#pragma once
#include <filesystem>
#include <memory>

#include "util/error.hpp"

struct archive;

namespace gm::sources {

// A libarchive reader of tar archives in any compression it knows (what a
// CPython release or an sdist is), not yet opened.
using ArchiveReader = std::unique_ptr<::archive, int (*)(::archive*)>;
ArchiveReader tar_reader();

// Extracts a tar archive (any compression libarchive reads) into `destination`.
// A member whose path is absolute, contains "..", or is a link leading out of
// `destination` is rejected and nothing more is written. Returns the single
// top-level directory when there is one (Python-3.13.15/), else `destination`.
Expected<std::filesystem::path> extract_archive(const std::filesystem::path& archive,
                                                const std::filesystem::path& destination);

// Whether an archive member path stays inside the extraction directory.
bool is_safe_member_path(const std::string& path);

}  // namespace gm::sources
