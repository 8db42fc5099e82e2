#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "exec/process.hpp"

namespace gm::cpython_build {

struct DependencyPackage {
  std::string package;   // Debian package name
  std::string provides;  // what CPython builds with it
  bool installed = false;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DependencyPackage, package, provides, installed)

// The Debian packages CPython's configure looks for, and whether each is
// installed (dpkg-query). Without one, `make` still succeeds but the module
// that needs it is missing from the build.
std::vector<DependencyPackage> cpython_build_dependencies(exec::ProcessRunner& runner);

}  // namespace gm::cpython_build
