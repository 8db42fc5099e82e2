#include "sources/source_tree_version.hpp"

#include <fmt/format.h>

#include <regex>

#include "util/paths.hpp"

namespace gm::sources {

Expected<void> check_source_tree_version(const std::filesystem::path& tree, const CpythonVersion& expected,
                                         const std::filesystem::path& tarball) {
  auto header = tree / "Include" / "patchlevel.h";
  auto text = read_text_file(header);
  if (!text)
    return fail(fmt::format("{} is not a CPython source tree: it has no Include/patchlevel.h; replace it with the "
                            "release from python.org",
                            tarball.string()));
  std::smatch found;
  if (!std::regex_search(*text, found, std::regex(R"(#define\s+PY_VERSION\s+"([^"]*)\")")))
    return fail(fmt::format("{}: {} has no PY_VERSION; replace it with the release from python.org", tarball.string(),
                            header.string()));
  if (found[1].str() != expected.to_string())
    return fail(fmt::format("{} is named {} but holds Python {} (PY_VERSION in Include/patchlevel.h); replace it with "
                            "the {} release from python.org",
                            tarball.string(), expected.to_string(), found[1].str(), expected.to_string()));
  return {};
}

}  // namespace gm::sources
