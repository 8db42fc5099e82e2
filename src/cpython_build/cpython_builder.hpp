#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cpython_build/build_log_parser.hpp"
#include "exec/process.hpp"

namespace gm::cpython_build {

struct CompileRequest {
  std::filesystem::path source_dir;  // an extracted CPython tree
  std::filesystem::path prefix;      // --prefix: where the install finally lives
  std::filesystem::path destdir;     // make install DESTDIR=: where it is staged
  std::vector<std::string> configure_args;
  std::string c_compiler;  // "gcc"
  bool ccache = false;     // wrap the compiler in ccache (when installed and not CCACHE_DISABLE'd)
  int jobs = 1;
  std::filesystem::path log_file;
  std::filesystem::path temporary_dir;  // TMPDIR of configure and make (gcc's cc*.s), inside the staging directory
  bool verbose = false;                 // stream the output to stderr
  std::string label;                    // for progress lines
  // A folder of autoconf caches: configure runs with -C on a copy of the one
  // for this configure script, arguments and compiler, and writes it back
  // when it succeeds. None: configure starts afresh.
  std::optional<std::filesystem::path> configure_caches;
};

struct CompileReport {
  bool ok = false;
  std::string failed_step;  // "configure", "make", "make install"
  std::string failure;      // what happened, e.g. "exited with code 2"
  ModuleCheck modules;
  double configure_seconds = 0;
  double make_seconds = 0;
  double install_seconds = 0;
  bool used_ccache = false;
  std::string log_error;  // the log file could not be written completely (a full disk)
};

// ./configure --prefix=P ARGS && make -jN && make install DESTDIR=D, with the
// output appended to the log, progress on the terminal, and CPython's list of
// modules it could not build read from the output.
CompileReport compile_cpython(exec::ProcessRunner& runner, const CompileRequest& request);

}  // namespace gm::cpython_build
