#pragma once
#include <filesystem>

#include "sources/cpython_version.hpp"
#include "util/error.hpp"

namespace gm::sources {

// Checks that an extracted CPython tree is the release its tarball is named
// after: Include/patchlevel.h's PY_VERSION must be `expected`. A mirror file
// named Python-3.14.7.tar.xz holding a 3.13 tree is refused before it is
// built, cached under a 3.14.7 key and reported as 3.14.
Expected<void> check_source_tree_version(const std::filesystem::path& tree, const CpythonVersion& expected,
                                         const std::filesystem::path& tarball);

}  // namespace gm::sources
