#pragma once
#include <compare>
#include <optional>
#include <string>
#include <vector>

namespace gm::sources {

// A final CPython release number, X.Y.Z (pre-releases are not resolved to).
struct CpythonVersion {
  int major = 0;
  int minor = 0;
  int patch = 0;

  static std::optional<CpythonVersion> parse(const std::string& text);  // "3.13.15"
  std::string to_string() const;
  std::string minor_string() const;  // "3.13"
  auto operator<=>(const CpythonVersion&) const = default;
};

// `requested` is "3.13" (newest 3.13.x among `available`) or "3.13.15" (exact).
std::optional<CpythonVersion> resolve_version(const std::string& requested,
                                              const std::vector<CpythonVersion>& available);

// The release tarball's file name: Python-3.13.15.tar.xz
std::string tarball_name(const CpythonVersion& version);

}  // namespace gm::sources
