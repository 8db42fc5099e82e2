#include <catch2/catch.hpp>

#include "sources/cpython_version.hpp"
#include "sources/release_source.hpp"

using gm::sources::CpythonVersion;

namespace {
std::vector<CpythonVersion> versions(std::initializer_list<const char*> texts) {
  std::vector<CpythonVersion> out;
  for (const char* t : texts) out.push_back(*CpythonVersion::parse(t));
  return out;
}
}  // namespace

TEST_CASE("a minor version resolves to the newest patch release available") {
  auto available = versions({"3.13.9", "3.13.15", "3.13.2", "3.12.20", "3.14.0"});
  REQUIRE(gm::sources::resolve_version("3.13", available)->to_string() == "3.13.15");
  REQUIRE(gm::sources::resolve_version("3.12", available)->to_string() == "3.12.20");
  REQUIRE_FALSE(gm::sources::resolve_version("3.11", available));
}

TEST_CASE("an exact version resolves only to itself") {
  auto available = versions({"3.13.9", "3.13.15"});
  REQUIRE(gm::sources::resolve_version("3.13.9", available)->to_string() == "3.13.9");
  REQUIRE_FALSE(gm::sources::resolve_version("3.13.10", available));
}

TEST_CASE("versions compare numerically, not as text") {
  REQUIRE(*CpythonVersion::parse("3.13.9") < *CpythonVersion::parse("3.13.10"));
  REQUIRE_FALSE(CpythonVersion::parse("3.13"));
  REQUIRE_FALSE(CpythonVersion::parse("3.13.0rc1"));
  REQUIRE(gm::sources::tarball_name(*CpythonVersion::parse("3.13.15")) == "Python-3.13.15.tar.xz");
}

TEST_CASE("release versions are read from python.org's directory listing") {
  std::string html = R"(<a href="3.13.14/">3.13.14/</a> <a href="3.13.15/">3.13.15/</a>
    <a href="3.14.0/">3.14.0/</a> <a href="3.15.0a1/">x</a> <a href="../">up</a>)";
  auto found = gm::sources::versions_in_listing(html);
  REQUIRE(found.size() == 3);
  REQUIRE(found.back().to_string() == "3.14.0");
}
