#pragma once
// What a bisect found, for the renderers of report/bisect_output.hpp: the
// commits of the range, each tested commit's result and verdict, and the
// answer.
#include <optional>
#include <string>
#include <vector>

#include "bisect/search.hpp"
#include "sources/git_source.hpp"
#include "util/error.hpp"

namespace gm::bisect {

struct TestedCommit {
  std::size_t index = 0;  // into the range
  Verdict verdict = Verdict::untested;
  std::string result;  // what is compared: "pkg._ext: reenables_gil", or "does not install"
  std::string detail;  // why it did not install, when it did not
  double seconds = 0;  // what testing it cost
};

struct Result {
  std::string python;  // the interpreter every commit was tested on
  std::string repo;
  std::string when;                           // what decides a commit: "verdict"
  std::vector<sources::CommitSummary> range;  // good end first, bad end last
  std::vector<TestedCommit> tested;           // the two ends first, then in the order tested
  std::optional<Answer> answer;               // none when the search did not run to its end
  std::string stop_reason;                    // why there is no answer
  ExitCode exit_code = ExitCode::ok;
};

// "good", "bad", "skipped (does not install)", "undecided".
const char* to_string(Verdict verdict);

// The result of a commit whose package does not install.
inline constexpr const char* kDoesNotInstall = "does not install";

// A tested commit's verdict from its result and the two ends': good when it
// gives the good end's result, skipped when it does not install (unless not
// installing is what the bad end does: then that is what is bisected), bad
// otherwise.
Verdict verdict_by_result(const std::string& result, const std::string& good_end, const std::string& bad_end);

}  // namespace gm::bisect
