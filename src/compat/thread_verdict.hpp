#pragma once
// From a build's stress runs to a thread-safety verdict per extension module:
// reports blamed on the module whose code is on their stack, crashes and
// hangs on the modules the run was calling into, and for a clean module what
// its runs rule out.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "compat/stress_run.hpp"
#include "results/thread_safety.hpp"

namespace gm::compat {

struct ModuleUnderStress {
  std::string distribution;
  std::string version;
  std::string module;
  std::filesystem::path file;  // its shared object
  results::Declaration declaration;
  std::string fix;  // how to declare support, for a clean module that does not
};

struct StressedRun {
  bool gil_forced_off = false;
  std::filesystem::path run_dir;
  StressRunOutcome outcome;
};

struct StressPlan {
  std::string build;
  bool free_threaded = false;
  bool sanitised = false;
  std::string stress_file;  // "" : concurrent imports
  int runs = 0;             // per setting
  int threads = 0;
  int iterations = 0;
  // Rules from the user's suppressions file: any other rule that hid a report is CPython's.
  std::vector<std::string> user_rules;
  std::string user_rules_file;
};

struct ThreadSafetyVerdicts {
  std::vector<results::ThreadSafetyCheck> modules;
  results::StressSummary summary;
};

ThreadSafetyVerdicts judge_stress_runs(const StressPlan& plan, const std::vector<ModuleUnderStress>& modules,
                                       const std::vector<StressedRun>& runs);

// A suppression rule that can hide far more than one race: `race:` matches a
// pattern against every frame of a report, so a pattern found on every
// Python call's stack (the eval loop, vectorcall, a bare wildcard) hides
// every race reached from Python code. "" when the rule is narrow.
std::string broad_rule_warning(const std::string& rule);

// Every rule that hid reports (`hidden`: rule -> reports) and every user
// rule, hit or not, with where it came from: the user's file (and a warning
// for a broad rule), gilmatrix's own, else the build's (CPython's).
std::vector<results::SuppressionRule> suppression_counts(const std::map<std::string, int>& hidden,
                                                         const std::vector<std::string>& user_rules,
                                                         const std::string& user_rules_file);

// The rules (lines "kind:pattern") of a suppressions file's text.
std::vector<std::string> suppression_rules(const std::string& text);

}  // namespace gm::compat
