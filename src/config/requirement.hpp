#pragma once
// What may stand in a package set's `requirements` (and as a `check` target):
// a PEP 508 requirement, a URL, or a local path. Nothing else reaches pip, so
// no requirement string can become a pip option (`--log=...`, `-r FILE`,
// `--index-url=...`): options come only from the matrix's own keys.
#include <cstddef>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace gm::config {

enum class RequirementKind {
  named,  // PEP 508: name[extras] (version specifiers | @ url) ; markers
  url,    // https://..., file://..., git+https://...
  path,   // ./dir, ../x.tar.gz, dist/x.whl, /abs/dir: resolved against the matrix file
};

struct RequirementProblem {
  std::size_t offset = 0;  // where in the text it went wrong
  std::string message;     // what was expected and what to write instead
};

tl::expected<RequirementKind, RequirementProblem> classify_requirement(std::string_view text);

}  // namespace gm::config
