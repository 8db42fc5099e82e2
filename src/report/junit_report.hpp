#pragma once
#include <string>

#include "results/compare.hpp"
#include "results/model.hpp"

namespace gm::report {

// JUnit XML as GitHub's and GitLab's test reporters read it: a testsuites root,
// one testsuite for the builds, the installs, and each build's module checks
// and cells; one testcase per build, install, module check and cell. Failures:
// a module that re-enables the GIL, crashes, hangs or fails to import, a failed
// install, a cell that failed, crashed or timed out; errors: a build that could
// not be had; skipped: unsupported or unmeasured cells. Thread safety: a module
// that races, crashes or hangs under threads fails, one not exercised is
// skipped, stress runs that could not run are errors. With `against` (a
// comparison with an earlier run), every regression fails its test case too.
std::string render_junit(const results::RunResults& results, const results::Comparison* against = nullptr);

}  // namespace gm::report
