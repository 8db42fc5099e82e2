#pragma once
#include <filesystem>
#include <string>

#include "sources/cpython_version.hpp"
#include "util/error.hpp"

namespace gm::sources {

// Checks that an extracted CPython tree is the release its tarball is named
// after: Include/patchlevel.h's PY_VERSION must be `expected`. A mirror file
// named Python-3.14.7.tar.xz holding a 3.13 tree is refused before it is
// built, cached under a 3.14.7 key and reported as 3.14.
Expected<void> check_source_tree_version(const std::filesystem::path& tree, const CpythonVersion& expected,
                                         const std::filesystem::path& tarball);

// The same check on the tarball itself, without extracting it: the whole
// compressed stream is read to its end (a truncated or corrupt copy fails
// here) and its <top>/Include/patchlevel.h must say `expected`. About a
// second for a 20 MB .tar.xz, so it is done only before a build.
Expected<void> check_release_tarball(const std::filesystem::path& tarball, const CpythonVersion& expected);

// PY_VERSION in the text of a patchlevel.h (`header` names it in errors).
Expected<void> check_patchlevel(const std::string& text, const CpythonVersion& expected,
                                const std::filesystem::path& tarball, const std::string& header);

}  // namespace gm::sources
