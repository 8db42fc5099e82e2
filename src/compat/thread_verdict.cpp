#include "compat/thread_verdict.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "compat/race_tally.hpp"
#include "util/strings.hpp"

namespace gm::compat {
namespace fs = std::filesystem;
using results::ThreadVerdict;

namespace {

// Which modules a crash or hang is put on: those whose shared object the
// dumped stacks name, else those Python code was calling into, else all of them.
std::set<std::string> blamed_for_failure(const StressedRun& run, const std::vector<ModuleUnderStress>& modules,
                                         bool importing) {
  std::set<std::string> blamed;
  for (const auto& m : modules)
    if (!m.file.empty() && run.outcome.stacks.find(m.file.filename().string()) != std::string::npos)
      blamed.insert(m.module);
  if (!blamed.empty()) return blamed;
  // Concurrent imports drive every module; a stress file, the ones it called
  // into (all of them where the interpreter cannot say: before 3.12).
  if (importing || !run.outcome.watched)
    for (const auto& m : modules) blamed.insert(m.module);
  else
    blamed = run.outcome.exercised;
  return blamed;
}

struct ModuleState {
  int failed_runs = 0;
  int crashes = 0;
  int hangs = 0;
  bool failed_as_built = false;
  std::string detail;
  std::string stacks;
  std::string c_stacks;
  int clean_runs = 0;  // finished runs of the deciding setting in which it was called into
  bool exercised = false;
};

std::string headline(const results::ThreadSafetyCheck& check) {
  using results::DeclarationState;
  const auto& d = check.declaration;
  std::string what = check.verdict == ThreadVerdict::race    ? "ThreadSanitizer reports a race in it"
                     : check.verdict == ThreadVerdict::crash ? "it crashes under threads"
                     : check.verdict == ThreadVerdict::hang  ? "it hangs under threads"
                                                             : "";
  if (!what.empty()) {
    if (d.state == DeclarationState::declares) return "declares free-threading support, and " + what;
    if (d.state == DeclarationState::does_not_declare)
      return "does not declare free-threading support; with the GIL forced off " + what + ": not ready to declare";
    return what;
  }
  if (check.verdict == ThreadVerdict::clean && d.state == DeclarationState::does_not_declare)
    return "does not declare free-threading support, and stress is clean: a candidate to declare";
  return "";
}

}  // namespace

std::vector<std::string> suppression_rules(const std::string& text) {
  std::vector<std::string> rules;
  for (const auto& raw : split_lines(text)) {
    auto line = trim(raw);
    if (line.empty() || line.starts_with("#") || line.find(':') == std::string::npos) continue;
    rules.push_back(line);
  }
  return rules;
}

std::string broad_rule_warning(const std::string& rule) {
  auto colon = rule.find(':');
  if (colon == std::string::npos) return "";
  auto kind = rule.substr(0, colon);
  auto pattern = rule.substr(colon + 1);
  if (kind != "race" && kind != "thread" && kind != "mutex" && kind != "deadlock") return "";
  std::string bare = pattern;
  bare.erase(std::remove(bare.begin(), bare.end(), '*'), bare.end());
  bool everywhere = bare.size() < 4;
  for (std::string_view common :
       {"_PyEval_EvalFrame", "PyEval", "PyObject_Vectorcall", "_PyObject_Call", "PyObject_Call", "cfunction_",
        "method_vectorcall", "ceval", "python3", "libpython", "pthread_", "thread_run", "Modules/_threadmodule"})
    everywhere |= bare.find(common) != std::string::npos || (!bare.empty() && std::string(common).starts_with(bare));
  if (!everywhere) return "";
  return fmt::format(
      "`{}` matches a frame on the stack of every call from Python code, so it hides every {} reached "
      "from Python, in any module; {}",
      rule, kind == "race" ? "race" : kind + " report",
      kind == "race" ? "name the racing function instead, or use race_top: to match only the top frame"
                     : "name the function instead");
}

ThreadSafetyVerdicts judge_stress_runs(const StressPlan& plan, const std::vector<ModuleUnderStress>& modules,
                                       const std::vector<StressedRun>& runs) {
  ThreadSafetyVerdicts out;
  auto& summary = out.summary;
  summary.build = plan.build;
  summary.sanitised = plan.sanitised;
  summary.stress_file = plan.stress_file;
  summary.runs = plan.runs;
  summary.threads = plan.threads;
  summary.iterations = plan.iterations;

  std::map<std::string, std::string> objects;  // shared object file name -> module
  std::map<std::string, ModuleState> state;
  for (const auto& m : modules) {
    if (!m.file.empty()) objects[m.file.filename().string()] = m.module;
    state[m.module];
  }
  RaceTallies races;
  std::map<std::string, int> suppressed;
  std::map<std::string, results::StressFunctionTally> functions;
  std::set<std::string> settings;
  bool importing = plan.stress_file.empty();
  // The setting whose clean runs say the module is safe: the GIL forced off on
  // a free-threaded build (the build's own choice may switch it back on).
  auto deciding = [&](const StressedRun& run) { return !plan.free_threaded || run.gil_forced_off; };

  for (std::size_t i = 0; i < runs.size(); ++i) {
    const auto& run = runs[i];
    const auto& o = run.outcome;
    settings.insert(run.gil_forced_off ? "PYTHON_GIL=0" : "as the build chooses (PYTHON_GIL unset)");
    if (summary.tsan_options.empty()) summary.tsan_options = o.tsan_options;
    for (const auto& hit : o.suppressed) suppressed[hit.rule] += hit.count;
    for (const auto& f : o.functions) {
      auto& t = functions[f.name];
      t.name = f.name;
      t.calls += f.calls;
      if (f.failures > 0) {
        if (t.failures == 0) t.forced_off_only = true;
        t.failures += f.failures;
        if (!run.gil_forced_off) t.forced_off_only = false;
        if (t.first_failure.empty()) t.first_failure = f.first_failure;
      }
    }
    if (o.ending == StressRunOutcome::Ending::failed || o.ending == StressRunOutcome::Ending::interrupted) {
      if (o.ending == StressRunOutcome::Ending::failed && !o.detail.empty())
        summary.problems.push_back(fmt::format("{}: {}", run.run_dir.filename().string(), o.detail));
      continue;
    }
    for (const auto& report : o.reports) races.add(report, objects, i, !run.gil_forced_off);
    bool failed = o.ending == StressRunOutcome::Ending::crashed || o.ending == StressRunOutcome::Ending::hung;
    std::set<std::string> blamed = failed ? blamed_for_failure(run, modules, importing) : std::set<std::string>{};
    if (failed && blamed.empty())  // the stress file's own code, not a module's
      summary.problems.push_back(
          fmt::format("{}: {} while no module of the target was being called: the stress "
                      "file's own code",
                      run.run_dir.filename().string(), o.detail));
    for (auto& [name, s] : state) {
      bool called = o.exercised.contains(name);
      s.exercised |= called;
      if (blamed.contains(name)) {
        ++s.failed_runs;
        (o.ending == StressRunOutcome::Ending::crashed ? s.crashes : s.hangs)++;
        if (!run.gil_forced_off) s.failed_as_built = true;
        if (s.detail.empty()) {
          s.detail = fmt::format("{} ({})", o.detail, run.run_dir.filename().string());
          s.stacks = o.stacks;
          s.c_stacks = o.c_stacks;
        }
      } else if (!failed && called && deciding(run)) {
        ++s.clean_runs;
      }
    }
  }

  for (const auto& m : modules) {
    auto& s = state[m.module];
    results::ThreadSafetyCheck check;
    check.build = plan.build;
    check.distribution = m.distribution;
    check.version = m.version;
    check.module = m.module;
    check.declaration = m.declaration;
    check.races = races.by_module[m.module].findings();
    check.runs = static_cast<int>(runs.size());
    check.failed_runs = s.failed_runs;
    check.threads = plan.threads;
    check.iterations = plan.iterations;
    check.detail = s.detail;
    check.stacks = s.stacks;
    check.c_stacks = s.c_stacks;
    bool races_as_built =
        std::any_of(check.races.begin(), check.races.end(), [](const auto& r) { return !r.forced_off_only; });
    if (!check.races.empty()) {
      check.verdict = ThreadVerdict::race;
      check.forced_off_only = !races_as_built && !s.failed_as_built;
    } else if (s.crashes > 0) {
      check.verdict = ThreadVerdict::crash;
      check.forced_off_only = !s.failed_as_built;
    } else if (s.hangs > 0) {
      check.verdict = ThreadVerdict::hang;
      check.forced_off_only = !s.failed_as_built;
    } else if (s.exercised && !importing) {
      check.verdict = ThreadVerdict::clean;
      check.statement = results::detection_statement(s.clean_runs, plan.threads, plan.iterations);
    } else {
      check.verdict = ThreadVerdict::not_exercised;
      check.statement = importing
                            ? fmt::format(
                                  "imported by {} threads at once in {} runs without a report; no stress file "
                                  "called into it (--stress FILE)",
                                  plan.threads, plan.runs)
                            : "no test_* function called a function, method or type of it (operators and other slots "
                              "are not seen)";
    }
    check.finding = headline(check);
    if (check.verdict == ThreadVerdict::clean && check.declaration.state == results::DeclarationState::does_not_declare)
      check.fix = m.fix;
    out.modules.push_back(std::move(check));
  }

  summary.settings.assign(settings.begin(), settings.end());
  summary.in_cpython = races.in_cpython.findings();
  summary.in_other_libraries = races.in_other_libraries.findings();
  for (auto& [name, tally] : functions) summary.functions.push_back(std::move(tally));
  summary.suppressions = suppression_counts(suppressed, plan.user_rules, plan.user_rules_file);
  return out;
}

std::vector<results::SuppressionRule> suppression_counts(const std::map<std::string, int>& hidden,
                                                         const std::vector<std::string>& user_rules,
                                                         const std::string& user_rules_file) {
  std::vector<results::SuppressionRule> out;
  std::set<std::string> user(user_rules.begin(), user_rules.end());
  for (const auto& rule : user_rules) {
    auto hits = hidden.find(rule);
    out.push_back({rule, user_rules_file, hits == hidden.end() ? 0 : hits->second, broad_rule_warning(rule)});
  }
  for (const auto& [rule, count] : hidden)
    if (!user.contains(rule)) out.push_back({rule, rule == kStackDumpSuppression ? "gilmatrix" : "CPython", count, ""});
  return out;
}

}  // namespace gm::compat
