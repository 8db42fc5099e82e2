#pragma once
// What a bisect found, for the renderers of report/bisect_output.hpp: the
// commits of the range, each tested commit's result and verdict, and the
// answer. Both forms (a package's history on a fixed interpreter, CPython's
// history of a matrix's git build) fill it.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bisect/search.hpp"
#include "results/model.hpp"
#include "sources/git_source.hpp"
#include "util/error.hpp"
#include "util/json_record.hpp"

namespace gm::bisect {

struct TestedCommit {
  std::size_t index = 0;  // into the range
  Verdict verdict = Verdict::untested;
  std::string result;  // what is compared: "pkg._ext: reenables_gil", or "does not install"
  std::string detail;  // why it did not install or build, when it did not
  double seconds = 0;  // what testing it cost, all of it
  // --when speedup|time: the estimate and its 95% interval, from the last of
  // `measurements` measurements (each with twice the rounds of the one before).
  std::optional<double> value;
  std::optional<results::Interval> interval;
  int measurements = 0;
  double build_seconds = 0;  // CPython form: obtaining the build (0 when it came from the cache)
  std::string run_dir;       // CPython form: the run folder of its last measurement
};

struct Result {
  std::string python;  // package form: the interpreter every commit was tested on
  std::string build;   // CPython form: the matrix's build whose history is bisected
  std::string repo;
  std::string when;                           // what decides a commit: verdict, status, speedup or time
  std::string cell;                           // CPython form: the cell followed (status, speedup, time)
  std::string reproduce;                      // CPython form: the command that repeats the deciding measurement
  std::vector<sources::CommitSummary> range;  // good end first, bad end last, parents before children
  bool all_parents = false;                   // the range holds merged branches' commits too
  std::vector<TestedCommit> tested;           // the two ends first, then in the order tested
  std::optional<Answer> answer;               // none when the search did not run to its end
  std::string stop_reason;                    // why there is no answer
  ExitCode exit_code = ExitCode::ok;
};

// Each commit's parents inside the range, by index, for Search.
Parents range_parents(const std::vector<sources::CommitSummary>& range);

// "along first parents" or "along all parents": how the range was walked.
const char* walk_words(const Result& result);

// "good", "bad", "skipped", "undecided".
const char* to_string(Verdict verdict);
// The words of to_string back (a journal read for --resume); none for any other.
std::optional<Verdict> parse_verdict(std::string_view text);
GM_JSON_ENUM_BY_NAME(Verdict, parse_verdict)

// bisect.json's record of a tested commit is these members beside "commit",
// the commit's id (the index is into this run's range, not the file's). The
// CPython form's members and a value are left out while they hold nothing.
GM_JSON_MEMBERS(TestedCommit, verdict, result, detail, seconds, value, interval, measurements, build_seconds, run_dir)
GM_JSON_OMIT_WHEN_DEFAULT(TestedCommit, value, interval, measurements, build_seconds, run_dir)

// The result of a commit whose package does not install, or whose CPython does not build.
inline constexpr const char* kDoesNotInstall = "does not install";
inline constexpr const char* kDoesNotBuild = "does not build";

// A commit's result by its modules, in one line both forms compare: the
// "module: status" parts sorted and joined; none: "M: not built" when one
// module was asked for, else "no extension module".
std::string verdicts_line(std::vector<std::string> parts, const std::optional<std::string>& module);

// A tested commit's verdict from its result and the two ends': good when it
// gives the good end's result, skipped when it does not install or build
// (unless that is what the bad end does: then that is what is bisected), bad
// otherwise.
Verdict verdict_by_result(const std::string& result, const std::string& good_end, const std::string& bad_end);

}  // namespace gm::bisect
