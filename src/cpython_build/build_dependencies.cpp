#include "cpython_build/build_dependencies.hpp"

namespace gm::cpython_build {

std::vector<DependencyPackage> cpython_build_dependencies(exec::ProcessRunner& runner) {
  std::vector<DependencyPackage> packages{
      {"build-essential", "C compiler and make", false},
      {"pkg-config", "library discovery in configure", false},
      {"libssl-dev", "_ssl, _hashlib", false},
      {"zlib1g-dev", "zlib", false},
      {"libbz2-dev", "_bz2", false},
      {"liblzma-dev", "_lzma", false},
      {"libzstd-dev", "_zstd (3.14's compression.zstd)", false},
      {"libffi-dev", "_ctypes", false},
      {"libsqlite3-dev", "_sqlite3", false},
      {"libreadline-dev", "readline", false},
      {"libncurses-dev", "_curses", false},
      {"tk-dev", "_tkinter", false},
      {"uuid-dev", "_uuid", false},
      {"libgdbm-dev", "_gdbm", false},
      {"libgdbm-compat-dev", "_dbm", false},
  };
  for (auto& p : packages) {
    exec::ProcessSpec spec;
    spec.argv = {"dpkg-query", "-W", "-f=${Status}", p.package};
    spec.env = exec::Environment::minimal_from_parent();
    spec.timeout = std::chrono::seconds(30);
    auto result = runner.run(spec);
    p.installed = result.ok() && result.out.find("install ok installed") != std::string::npos;
  }
  return packages;
}

}  // namespace gm::cpython_build
