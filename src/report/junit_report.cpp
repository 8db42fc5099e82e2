#include "report/junit_report.hpp"

#include <map>
#include <numeric>

#include <fmt/format.h>

#include "report/thread_safety_output.hpp"
#include "report/xml_text.hpp"
#include "util/strings.hpp"

namespace gm::report {
namespace {

using results::CellResult;

enum class Outcome { passed, failure, error, skipped };

struct TestCase {
  std::string classname;
  std::string name;
  double seconds = 0;
  Outcome outcome = Outcome::passed;
  std::string type;
  std::string message;
  std::string body;
  std::string output;  // system-out
};

struct Suite {
  std::string name;
  std::vector<TestCase> cases;
};

class JunitBuilder {
 public:
  explicit JunitBuilder(const results::RunResults& r) : r_(r) {}

  std::vector<Suite> build(const results::Comparison* against) {
    builds();
    installs();
    modules();
    thread_safety();
    workload_races();
    cells();
    if (against) regressions(*against);
    return std::move(suites_);
  }

 private:
  Suite& suite(const std::string& name) {
    for (auto& s : suites_)
      if (s.name == name) return s;
    return suites_.emplace_back(Suite{name, {}});
  }

  void add(const std::string& suite_name, const std::string& id, TestCase test) {
    auto& s = suite(suite_name);
    index_[id] = {&s - suites_.data(), s.cases.size()};
    s.cases.push_back(std::move(test));
  }

  void builds() {
    for (const auto& b : r_.builds) {
      TestCase t{"gilmatrix.builds", b.name, 0, Outcome::passed, "", "", "", ""};
      if (!b.ok()) {
        t.outcome = Outcome::error;
        t.type = to_string(b.status);
        t.message = fmt::format("build {}: {}: {}", b.name, b.status, b.reason);
        t.body = b.details.log_tail;
      } else if (b.probe) {
        t.output =
            fmt::format("Python {}{} ({})", b.probe->version, b.probe->free_threaded ? " free-threaded" : "", b.python);
      }
      add("builds", "build\t" + b.name, std::move(t));
    }
  }

  void installs() {
    for (const auto& i : r_.installs) {
      TestCase t{
          "gilmatrix.installs." + i.build, i.package_set + ": " + i.requirement, 0, Outcome::passed, "", "", "", ""};
      if (!i.ok) {
        t.outcome = Outcome::failure;
        t.type = "install failed";
        t.message = fmt::format("{} failed to install on {}", i.requirement, i.build);
        t.body = i.detail + (i.log.empty() ? "" : "\nlog: " + i.log);
      }
      add("installs", "install\t" + i.build + "\t" + i.requirement, std::move(t));
    }
  }

  // A passing case named "module (distribution version)"; `output` is its system-out.
  template <class Check>
  static TestCase module_case(std::string classname, const Check& m, std::string output) {
    return {std::move(classname),
            fmt::format("{} ({} {})", m.module, m.distribution, m.version),
            0,
            Outcome::passed,
            "",
            "",
            "",
            std::move(output)};
  }

  void modules() {
    for (const auto& m : r_.module_checks) {
      auto t = module_case("gilmatrix.compatibility." + m.build, m, to_string(m.status));
      if (m.problem()) {
        t.outcome = Outcome::failure;
        t.type = to_string(m.status);
        t.message = fmt::format("{} {} on {}", m.module, m.status, m.build);
        std::vector<std::string> body;
        if (m.status == results::ModuleStatus::reenables_gil && !m.fix.empty())
          body.push_back(fmt::format("Built with the {}; to fix: {}", m.binding, m.fix));
        if (!m.detail.empty()) body.push_back(m.detail);
        if (!m.reproduce.empty()) body.push_back("Reproduce: " + m.reproduce);
        t.body = join(body, "\n");
      }
      add("compatibility " + m.build, "module\t" + m.build + "\t" + m.module, std::move(t));
    }
  }

  // A module that races, crashes or hangs under threads fails; one nothing
  // called into is skipped; stress runs that could not run are errors.
  void thread_safety() {
    for (const auto& s : r_.stress_runs) {
      if (s.problems.empty()) continue;
      add("thread safety " + s.build, "",
          {"gilmatrix.thread_safety." + s.build, "stress runs of " + s.package_set, 0, Outcome::error,
           "stress runs failed", fmt::format("the stress runs of {} on {} could not run", s.package_set, s.build),
           join(s.problems, "\n"), ""});
    }
    for (const auto& m : r_.thread_safety) {
      auto t = module_case("gilmatrix.thread_safety." + m.build, m, verdict_phrase(m));
      if (results::is_problem(m.verdict)) {
        t.outcome = Outcome::failure;
        t.type = to_string(m.verdict);
        t.message = fmt::format("{} on {}: {}", m.module, m.build, verdict_phrase(m));
        std::vector<std::string> body;
        if (!m.finding.empty()) body.push_back(m.finding);
        for (const auto& race : m.races) body.push_back(race.text + (race.log.empty() ? "" : "\nlog: " + race.log));
        if (!m.stacks.empty()) body.push_back(m.stacks);
        if (!m.c_stacks.empty()) body.push_back("C frames of every thread (gdb, from the core):\n" + m.c_stacks);
        if (!m.reproduce.empty()) body.push_back("Reproduce: " + m.reproduce);
        t.body = join(body, "\n");
      } else if (m.verdict == results::ThreadVerdict::not_exercised) {
        t.outcome = Outcome::skipped;
        t.message = verdict_phrase(m);
      }
      add("thread safety " + m.build, "thread\t" + m.build + "\t" + m.module, std::move(t));
    }
  }

  // A workload on a sanitised build passes unless ThreadSanitizer reported
  // something in a module of its package set (reports in CPython itself are
  // in the case's output, never a failure).
  void workload_races() {
    for (const auto& w : r_.workload_races) {
      TestCase t{"gilmatrix.thread_safety." + w.build, "workload " + w.workload, 0, Outcome::passed, "", "", "", ""};
      t.output =
          fmt::format("{} log file{} read in {}; {} distinct report{} in CPython itself", w.logs,
                      w.logs == 1 ? "" : "s", w.log_dir, w.in_cpython.size(), w.in_cpython.size() == 1 ? "" : "s");
      if (!w.in_modules.empty()) {
        const auto& first = w.in_modules.front();
        t.outcome = Outcome::failure;
        t.type = "race";
        t.message =
            fmt::format("workload {} on {}: {} in {} ({} distinct report{} in the package set's modules)", w.workload,
                        w.build, first.kind, first.module, w.in_modules.size(), w.in_modules.size() == 1 ? "" : "s");
        std::vector<std::string> body;
        for (const auto& race : w.in_modules) body.push_back(race.text + "\nlog: " + race.log);
        t.body = join(body, "\n");
      }
      add("thread safety " + w.build, "workload\t" + w.build + "\t" + w.workload, std::move(t));
    }
  }

  void cells() {
    for (const auto& c : r_.cells) {
      TestCase t{fmt::format("gilmatrix.scaling.{}.{}", c.cell.build, c.cell.workload),
                 fmt::format("{}/{}/x{}", config::to_string(c.cell.executor), config::to_string(c.cell.gil_mode),
                             c.cell.workers),
                 std::accumulate(c.samples.begin(), c.samples.end(), 0.0),
                 Outcome::passed,
                 "",
                 "",
                 "",
                 ""};
      if (c.status == results::CellStatus::ok) {
        t.output =
            fmt::format("speedup {}, median {:.4f}s, cv {:.1f}%{}{}", results::speedup_with_interval(c),
                        c.median_seconds, c.cv * 100, c.unstable ? ", unstable" : "", c.disturbed ? ", disturbed" : "");
      } else if (c.status == results::CellStatus::unsupported || c.status == results::CellStatus::not_run) {
        t.outcome = Outcome::skipped;
        t.message = to_string(c.status) + (c.error.empty() ? "" : ": " + split_lines(c.error).back());
      } else {
        t.outcome = Outcome::failure;
        t.type = to_string(c.status);
        t.message = fmt::format("{} {}", c.cell.key(), c.status);
        t.body = c.error;
      }
      add("scaling " + c.cell.build, "cell\t" + c.cell.key(), std::move(t));
    }
  }

  std::string id_of(const results::Change& change) const {
    if (change.kind == "module") return "module\t" + change.build + "\t" + change.subject;
    if (change.kind == "thread safety") return "thread\t" + change.build + "\t" + change.subject;
    if (change.kind == "install") return "install\t" + change.build + "\t" + change.subject;
    if (change.kind == "build") return "build\t" + change.subject;
    if (change.kind == "cell" || change.kind == "speedup" || change.kind == "gil after")
      return "cell\t" + change.subject;
    return "";
  }

  void regressions(const results::Comparison& comparison) {
    for (const auto& change : comparison.changes) {
      if (change.severity != results::Severity::regression) continue;
      auto it = index_.find(id_of(change));
      if (it == index_.end()) {
        add("regressions", "",
            {"gilmatrix.regressions." + change.kind, change.subject, 0, Outcome::failure, "regression", change.message,
             "", ""});
        continue;
      }
      auto& t = suites_[it->second.first].cases[it->second.second];
      if (t.outcome == Outcome::passed || t.outcome == Outcome::skipped) {
        t.outcome = Outcome::failure;
        t.type = "regression";
        t.message = change.message;
      } else {
        t.body = "Regression: " + change.message + (t.body.empty() ? "" : "\n" + t.body);
      }
    }
  }

  const results::RunResults& r_;
  std::vector<Suite> suites_;
  std::map<std::string, std::pair<std::ptrdiff_t, std::size_t>> index_;  // id -> (suite, case)
};

std::string seconds(double value) { return fmt::format("{:.3f}", value); }

struct Counts {
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  double seconds = 0;
  void add(const TestCase& t) {
    ++tests;
    failures += t.outcome == Outcome::failure;
    errors += t.outcome == Outcome::error;
    skipped += t.outcome == Outcome::skipped;
    this->seconds += t.seconds;
  }
  void add(const Counts& c) {
    tests += c.tests, failures += c.failures, errors += c.errors, skipped += c.skipped, seconds += c.seconds;
  }
  std::string attributes() const {
    return fmt::format("tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\"", tests, failures, errors,
                       skipped, gm::report::seconds(seconds));
  }
};

std::string test_case_xml(const TestCase& t) {
  std::string out = fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{}\">\n", xml_escape(t.classname),
                                xml_escape(t.name), seconds(t.seconds));
  const char* element = t.outcome == Outcome::failure ? "failure" : t.outcome == Outcome::error ? "error" : "skipped";
  if (t.outcome == Outcome::skipped)
    out += fmt::format("      <skipped message=\"{}\"/>\n", xml_escape(t.message));
  else if (t.outcome != Outcome::passed)
    out += fmt::format("      <{0} type=\"{1}\" message=\"{2}\">{3}</{0}>\n", element, xml_escape(t.type),
                       xml_escape(t.message), xml_escape(t.body));
  if (!t.output.empty()) out += fmt::format("      <system-out>{}</system-out>\n", xml_escape(t.output));
  return out + "    </testcase>\n";
}

}  // namespace

std::string render_junit(const results::RunResults& r, const results::Comparison* against) {
  auto suites = JunitBuilder(r).build(against);
  // Without a time zone: the form JUnit's own schema allows.
  std::string timestamp = r.started_at;
  if (!timestamp.empty() && timestamp.back() == 'Z') timestamp.pop_back();
  std::string body;
  Counts all;
  for (const auto& s : suites) {
    Counts counts;
    for (const auto& t : s.cases) counts.add(t);
    all.add(counts);
    body += fmt::format("  <testsuite name=\"{}\" {}{}>\n", xml_escape(s.name), counts.attributes(),
                        timestamp.empty() ? "" : " timestamp=\"" + xml_escape(timestamp) + "\"");
    for (const auto& t : s.cases) body += test_case_xml(t);
    body += "  </testsuite>\n";
  }
  return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{}\" {}>\n",
                     xml_escape("gilmatrix " + r.matrix_name), all.attributes()) +
         body + "</testsuites>\n";
}

}  // namespace gm::report
