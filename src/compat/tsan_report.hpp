#pragma once
// ThreadSanitizer's reports, read from the log files a sanitised process
// writes (TSAN_OPTIONS log_path=DIR/tsan gives DIR/tsan.<pid>), and blamed on
// the extension module whose code is on the stack.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gm::compat {

struct TsanFrame {
  std::string function;  // "releaseNode", "<null>" when unknown
  std::string file;      // "/src/pvectorcmodule.c", "" when unknown
  int line = 0;          // 0 when unknown
  std::string object;    // the shared object's file name: "pvectorc.cpython-314t-x86_64-linux-gnu.so"
};

struct TsanReport {
  std::string kind;  // "data race", "heap-use-after-free", "lock-order-inversion (potential deadlock)", ...
  std::vector<std::vector<TsanFrame>> stacks;  // the accesses' stacks first (current, previous), then the rest
  std::string summary;                         // the SUMMARY line after "SUMMARY: ThreadSanitizer: "
  std::string text;                            // the whole report as written
  std::string log;                             // the log file it was read from ("" until its reader sets it)
};

// The "Matched N suppressions" table TSan prints at exit (print_suppressions=1).
struct SuppressionHits {
  std::string rule;  // "race:releaseNode"
  int count = 0;
};

struct TsanLog {
  std::vector<TsanReport> reports;
  std::vector<SuppressionHits> suppressed;
  std::optional<std::string> fatal;  // "FATAL: ThreadSanitizer: unexpected memory mapping ..."
};

// Reads one log's text; never fails (what it cannot read is left out).
TsanLog parse_tsan_log(const std::string& text);

// Every log file in `dir` whose name starts with `prefix` (TSAN_OPTIONS
// log_path=DIR/STEM writes DIR/STEM.<pid>, one per process that reported
// something), in name order, as one log: each report knows its file.
struct TsanLogs {
  TsanLog merged;
  int files = 0;
};
TsanLogs read_tsan_logs(const std::filesystem::path& dir, const std::string& prefix);

// TSan cannot start on kernels whose mmap randomisation is wider than its
// memory layout allows: the message that says how to fix it, or nullopt when
// `fatal` is another failure.
std::optional<std::string> explain_tsan_fatal(const std::string& fatal);

// Where a report belongs: the first frame, in the order of its stacks, that
// lies in one of `extension_objects` (shared object file name -> module name).
// Reports whose frames are all in the interpreter, libc or the sanitizer are
// CPython's own and blamed on no package.
struct Attribution {
  std::optional<std::string> module;  // nullopt: in CPython itself (or a library no module owns)
  std::optional<TsanFrame> frame;     // the module's frame; nullopt with module
  std::string top;                    // "function file:line" of the report's first frame
  std::string foreign_object;         // a shared object that is neither CPython's nor a known module's
};
Attribution attribute(const TsanReport& report, const std::map<std::string, std::string>& extension_objects);

// Two reports are the same finding when their kind and the top frames
// (function and line) of their two accesses agree, in either order; addresses,
// thread ids, pids and the Python code that led there differ run to run.
std::string report_identity(const TsanReport& report);

// "releaseNode pvectorcmodule.c:212"
std::string describe(const TsanFrame& frame);

}  // namespace gm::compat
