#include "sources/cpython_version.hpp"

#include <algorithm>
#include <regex>

namespace gm::sources {

std::optional<CpythonVersion> CpythonVersion::parse(const std::string& text) {
  static const std::regex pattern("([0-9]+)\\.([0-9]+)\\.([0-9]+)");
  std::smatch match;
  if (!std::regex_match(text, match, pattern)) return std::nullopt;
  return CpythonVersion{std::stoi(match[1]), std::stoi(match[2]), std::stoi(match[3])};
}

std::string CpythonVersion::to_string() const {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

std::string CpythonVersion::minor_string() const { return std::to_string(major) + "." + std::to_string(minor); }

std::optional<CpythonVersion> resolve_version(const std::string& requested,
                                              const std::vector<CpythonVersion>& available) {
  if (auto exact = CpythonVersion::parse(requested)) {
    if (std::find(available.begin(), available.end(), *exact) != available.end()) return exact;
    return std::nullopt;
  }
  std::optional<CpythonVersion> best;
  for (const auto& v : available)
    if (v.minor_string() == requested && (!best || *best < v)) best = v;
  return best;
}

std::string tarball_name(const CpythonVersion& version) { return "Python-" + version.to_string() + ".tar.xz"; }

}  // namespace gm::sources
