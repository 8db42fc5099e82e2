#include "results/compare.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "util/strings.hpp"

namespace gm::results {
namespace {

// Higher is worse; equal ranks with different statuses are different failures.
int module_rank(ModuleStatus status) {
  if (status == ModuleStatus::keeps_gil_disabled || status == ModuleStatus::importable) return 0;
  if (status == ModuleStatus::reenables_gil) return 1;
  if (status == ModuleStatus::hung || status == ModuleStatus::crashed) return 3;
  return 2;  // import error, or a status this gilmatrix does not know
}

bool cell_failed(CellStatus status) {
  return status == CellStatus::failed || status == CellStatus::timeout || status == CellStatus::crashed;
}

std::string build_identity(const BuildRecord& b) {
  std::vector<std::string> parts;
  if (b.probe) parts.push_back(b.probe->version + (b.probe->free_threaded ? " free-threaded" : ""));
  if (!b.origin.empty()) parts.push_back(b.origin);
  if (!b.details.commit.empty()) parts.push_back("commit " + b.details.commit.substr(0, 12));
  if (!b.details.configure.empty()) parts.push_back("configure " + join(b.details.configure, " "));
  if (!b.python.empty() && b.origin != "source" && b.origin != "git") parts.push_back(b.python);
  return join(parts, ", ");
}

// "race (data race in add racy_counter.c:9)", "crash under threads (SIGSEGV)".
std::string thread_state(const ThreadSafetyCheck& m) {
  std::string state = to_string(m.verdict);
  if (m.verdict == ThreadVerdict::race && !m.races.empty()) {
    const auto& r = m.races.front();
    state += fmt::format(" ({} in {}{})", r.kind, r.function,
                         r.file.empty() ? std::string() : fmt::format(" {}:{}", r.file, r.line));
  } else if (is_problem(m.verdict) && !m.detail.empty()) {
    state += " (" + m.detail + ")";
  }
  return state;
}

// A race is the same race when its kind, function and file are: its line
// moves when code above it changes.
std::string race_identity(const RaceFinding& r) { return r.kind + '\t' + r.function + '\t' + r.file; }

std::string module_state(const ModuleCheck& m) {
  if (m.status == ModuleStatus::reenables_gil && !m.attributed_to.empty() && m.attributed_to != m.module)
    return std::string(to_string(m.status)) + " (via " + m.attributed_to + ")";
  return to_string(m.status);
}

class Comparer {
 public:
  Comparer(const RunResults& before, const RunResults& after, const CompareOptions& options)
      : before_(before), after_(after), options_(options) {}

  Comparison run() {
    notes();
    builds();
    installs();
    distributions();
    modules();
    together();
    thread_safety();
    workload_races();
    cells();
    std::stable_sort(out_.changes.begin(), out_.changes.end(),
                     [](const Change& a, const Change& b) { return a.severity < b.severity; });
    return std::move(out_);
  }

 private:
  void add(Severity severity, Area area, std::string kind, std::string build, std::string subject, std::string before,
           std::string after, std::string message) {
    out_.changes.push_back({severity, area, std::move(kind), std::move(build), std::move(subject), std::move(before),
                            std::move(after), std::move(message)});
  }

  // Findings of builds that came, went or were unavailable on either side are
  // summed up by the build's own change.
  bool comparable_build(const std::string& name) const { return comparable_.contains(name); }

  void notes() {
    if (before_.matrix_sha256 != after_.matrix_sha256)
      out_.notes.push_back(
          fmt::format("the matrix files differ (\"{}\" sha256 {} and \"{}\" sha256 {}): what one run "
                      "has and the other has not is listed as new or gone",
                      before_.matrix_name, before_.matrix_sha256.substr(0, 12), after_.matrix_name,
                      after_.matrix_sha256.substr(0, 12)));
    const auto& a = before_.environment;
    const auto& b = after_.environment;
    if (a.cpu_model != b.cpu_model || a.usable_cores != b.usable_cores)
      out_.notes.push_back(
          fmt::format("the runs were on different machines ({}, {} usable cores; then {}, {} usable "
                      "cores): speedups can differ for that reason alone",
                      a.cpu_model, a.usable_cores, b.cpu_model, b.usable_cores));
    if (after_.interrupted)
      out_.notes.push_back("the new run was interrupted: cells it did not measure are not compared");
  }

  void builds() {
    std::unordered_map<std::string, const BuildRecord*> old_builds;
    for (const auto& b : before_.builds) old_builds[b.name] = &b;
    std::set<std::string> seen;
    for (const auto& b : after_.builds) {
      seen.insert(b.name);
      auto it = old_builds.find(b.name);
      if (it == old_builds.end()) {
        add(Severity::info, Area::run, "build", b.name, b.name, "", b.ok() ? "ok" : to_string(b.status),
            fmt::format("build {} is new ({})", b.name,
                        b.ok() ? build_identity(b) : fmt::format("{}: {}", b.status, b.reason)));
        continue;
      }
      const auto& old = *it->second;
      if (old.ok() && !b.ok()) {
        add(Severity::regression, Area::run, "build", b.name, b.name, "ok", to_string(b.status),
            fmt::format("build {} is no longer available: {}: {}", b.name, b.status, b.reason));
      } else if (!old.ok() && b.ok()) {
        add(Severity::improvement, Area::run, "build", b.name, b.name, to_string(old.status), "ok",
            fmt::format("build {} is available again ({})", b.name, build_identity(b)));
      } else if (old.ok() && b.ok()) {
        comparable_.insert(b.name);
        auto was = build_identity(old), is = build_identity(b);
        if (was != is)
          add(Severity::info, Area::run, "build", b.name, b.name, was, is,
              fmt::format("build {} changed: {} -> {}", b.name, was, is));
      }
    }
    for (const auto& b : before_.builds)
      if (!seen.contains(b.name))
        add(Severity::info, Area::run, "build", b.name, b.name, b.ok() ? "ok" : to_string(b.status), "",
            fmt::format("build {} is gone (it is not in the new run)", b.name));
  }

  void installs() {
    auto key = [](const InstallRecord& i) { return i.build + '\t' + i.package_set + '\t' + i.requirement; };
    std::unordered_map<std::string, const InstallRecord*> old_installs;
    for (const auto& i : before_.installs) old_installs[key(i)] = &i;
    std::set<std::string> seen;
    for (const auto& i : after_.installs) {
      if (!comparable_build(i.build)) continue;
      seen.insert(key(i));
      auto it = old_installs.find(key(i));
      bool was_ok = it != old_installs.end() && it->second->ok;
      auto state = [](bool ok) { return ok ? std::string("installed") : std::string("install failed"); };
      if (was_ok && !i.ok)
        add(Severity::regression, Area::compatibility, "install", i.build, i.requirement, state(true), state(false),
            fmt::format("{} no longer installs on {}: {}", i.requirement, i.build, tail_lines(i.detail, 1)));
      else if (it != old_installs.end() && !was_ok && i.ok)
        add(Severity::improvement, Area::compatibility, "install", i.build, i.requirement, state(false), state(true),
            fmt::format("{} installs on {} again", i.requirement, i.build));
      else if (it == old_installs.end() && !i.ok)
        add(Severity::regression, Area::compatibility, "install", i.build, i.requirement, "", state(false),
            fmt::format("{} (new in the package set) fails to install on {}: {}", i.requirement, i.build,
                        tail_lines(i.detail, 1)));
    }
    for (const auto& i : before_.installs)
      if (comparable_build(i.build) && !seen.contains(key(i)))
        add(Severity::info, Area::compatibility, "install", i.build, i.requirement,
            i.ok ? "installed" : "install failed", "",
            fmt::format("{} is no longer installed on {} (not in the new run's package set)", i.requirement, i.build));
  }

  void distributions() {
    std::map<std::string, std::string> old_versions;  // build, set, distribution -> version
    auto key = [](const PackageEnvironmentRecord& e, const PackageEnvironmentRecord::Distribution& d) {
      return e.build + '\t' + e.package_set + '\t' + to_lower(d.name);
    };
    for (const auto& e : before_.environments)
      for (const auto& d : e.distributions) old_versions[key(e, d)] = d.version;
    for (const auto& e : after_.environments) {
      if (!comparable_build(e.build)) continue;
      for (const auto& d : e.distributions) {
        auto it = old_versions.find(key(e, d));
        if (it != old_versions.end() && it->second != d.version)
          add(Severity::info, Area::compatibility, "distribution", e.build, d.name, it->second, d.version,
              fmt::format("{} on {}: version {} -> {}", d.name, e.build, it->second, d.version));
      }
    }
  }

  void modules() {
    auto key = [](const ModuleCheck& m) { return m.build + '\t' + m.package_set + '\t' + m.module; };
    std::unordered_map<std::string, const ModuleCheck*> old_modules;
    for (const auto& m : before_.module_checks) old_modules[key(m)] = &m;
    std::set<std::string> seen;
    for (const auto& m : after_.module_checks) {
      if (!comparable_build(m.build)) continue;
      seen.insert(key(m));
      auto it = old_modules.find(key(m));
      if (it == old_modules.end()) {
        if (m.problem())
          add(Severity::regression, Area::compatibility, "module", m.build, m.module, "", module_state(m),
              fmt::format("{} (new, from {} {}) {} on {}", m.module, m.distribution, m.version, module_state(m),
                          m.build));
        continue;
      }
      ++out_.compared_modules;
      const auto& old = *it->second;
      if (old.status == m.status) continue;
      int was = module_rank(old.status), is = module_rank(m.status);
      auto severity = is < was ? Severity::improvement : Severity::regression;
      add(severity, Area::compatibility, "module", m.build, m.module, module_state(old), module_state(m),
          fmt::format("{} on {}: {} -> {}{}", m.module, m.build, module_state(old), module_state(m),
                      severity == Severity::regression && m.status == ModuleStatus::reenables_gil
                          ? fmt::format(" ({} {}, {})", m.distribution, m.version, m.binding)
                          : std::string()));
    }
    for (const auto& m : before_.module_checks)
      if (comparable_build(m.build) && !seen.contains(key(m)))
        add(Severity::info, Area::compatibility, "module", m.build, m.module, module_state(m), "",
            fmt::format("{} on {} is no longer checked (not installed in the new run)", m.module, m.build));
  }

  void together() {
    std::map<std::pair<std::string, std::string>, const TogetherCheck*> old_checks;
    for (const auto& t : before_.together) old_checks[{t.build, t.package_set}] = &t;
    for (const auto& t : after_.together) {
      auto it = old_checks.find({t.build, t.package_set});
      if (!comparable_build(t.build) || it == old_checks.end() || it->second->status == t.status) continue;
      int was = module_rank(it->second->status), is = module_rank(t.status);
      add(is < was ? Severity::improvement : Severity::regression, Area::compatibility, "together", t.build,
          t.package_set, to_string(it->second->status), to_string(t.status),
          fmt::format("all modules of {} imported together on {}: {} -> {}", t.package_set, t.build, it->second->status,
                      t.status));
    }
  }

  // A module that now races, crashes or hangs under threads is a regression,
  // and so is a race it did not have before; one that no longer does, an
  // improvement.
  void thread_safety() {
    auto key = [](const ThreadSafetyCheck& m) { return m.build + '\t' + m.package_set + '\t' + m.module; };
    std::unordered_map<std::string, const ThreadSafetyCheck*> old_checks;
    for (const auto& m : before_.thread_safety) old_checks[key(m)] = &m;
    std::set<std::string> seen;
    for (const auto& m : after_.thread_safety) {
      if (!comparable_build(m.build)) continue;
      seen.insert(key(m));
      auto it = old_checks.find(key(m));
      if (it == old_checks.end()) {
        if (is_problem(m.verdict))
          add(Severity::regression, Area::compatibility, "thread safety", m.build, m.module, "", thread_state(m),
              fmt::format("{} (newly stressed, from {} {}) on {}: {}", m.module, m.distribution, m.version, m.build,
                          thread_state(m)));
        continue;
      }
      const auto& old = *it->second;
      auto change = [&](Severity severity, const std::string& what) {
        add(severity, Area::compatibility, "thread safety", m.build, m.module, thread_state(old), thread_state(m),
            fmt::format("{} on {} under threads: {}", m.module, m.build, what));
      };
      if (!is_problem(old.verdict) && is_problem(m.verdict)) {
        change(Severity::regression, fmt::format("{} -> {}", thread_state(old), thread_state(m)));
      } else if (is_problem(old.verdict) && !is_problem(m.verdict)) {
        change(m.verdict == ThreadVerdict::clean ? Severity::improvement : Severity::info,
               fmt::format("{} -> {}", thread_state(old), thread_state(m)));
      } else if (old.verdict != m.verdict) {
        change(is_problem(m.verdict) ? Severity::regression : Severity::info,
               fmt::format("{} -> {}", thread_state(old), thread_state(m)));
      } else if (m.verdict == ThreadVerdict::race) {
        std::set<std::string> known;
        for (const auto& r : old.races) known.insert(race_identity(r));
        for (const auto& r : m.races)
          if (!known.contains(race_identity(r)))
            change(Severity::regression,
                   fmt::format("a new {} in {}{}", r.kind, r.function,
                               r.file.empty() ? std::string() : fmt::format(" {}:{}", r.file, r.line)));
      }
    }
    for (const auto& m : before_.thread_safety)
      if (comparable_build(m.build) && !seen.contains(key(m)))
        add(Severity::info, Area::compatibility, "thread safety", m.build, m.module, thread_state(m), "",
            fmt::format("{} on {} is no longer stressed (not in the new run)", m.module, m.build));
  }

  // A report in a package's module that the old run's same workload on the
  // same build did not have (same kind, function and file) is a regression;
  // one that is gone, an improvement.
  void workload_races() {
    auto key = [](const WorkloadRaces& w) { return w.build + '\t' + w.workload; };
    auto identities = [](const WorkloadRaces& w) {
      std::map<std::string, const RaceFinding*> out;
      for (const auto& r : w.in_modules) out.emplace(race_identity(r) + '\t' + r.module, &r);
      return out;
    };
    std::unordered_map<std::string, const WorkloadRaces*> old_runs;
    for (const auto& w : before_.workload_races) old_runs[key(w)] = &w;
    for (const auto& w : after_.workload_races) {
      if (!comparable_build(w.build)) continue;
      auto it = old_runs.find(key(w));
      auto now = identities(w);
      auto before = it == old_runs.end() ? decltype(now){} : identities(*it->second);
      auto what = [&](const RaceFinding& r) {
        return fmt::format("{} in {} {}{}", r.kind, r.module, r.function,
                           r.file.empty() ? std::string() : fmt::format(" {}:{}", r.file, r.line));
      };
      for (const auto& [identity, race] : now)
        if (!before.contains(identity))
          add(Severity::regression, Area::compatibility, "thread safety", w.build, race->module, "", "race",
              fmt::format("workload {} on {} under ThreadSanitizer: a new {}", w.workload, w.build, what(*race)));
      for (const auto& [identity, race] : before)
        if (!now.contains(identity))
          add(Severity::improvement, Area::compatibility, "thread safety", w.build, race->module, "race", "",
              fmt::format("workload {} on {} under ThreadSanitizer: no more {}", w.workload, w.build, what(*race)));
    }
  }

  void cells() {
    std::unordered_map<std::string, const CellResult*> old_cells;
    old_cells.reserve(before_.cells.size());
    for (const auto& c : before_.cells) old_cells[c.cell.key()] = &c;
    std::map<std::string, std::vector<std::string>> appeared, vanished;  // series -> "xN"
    std::set<std::string> seen;
    for (const auto& c : after_.cells) {
      if (!comparable_build(c.cell.build)) continue;
      auto key = c.cell.key();
      seen.insert(key);
      auto it = old_cells.find(key);
      if (it == old_cells.end()) {
        if (!before_.selection.empty()) {
          out_.not_gated.push_back({key, "not in the old run's selection (" + join(before_.selection, " ") + ")"});
        } else {
          appeared[c.cell.series_key()].push_back(fmt::format("x{}", c.cell.workers));
          out_.not_gated.push_back({key, "missing from the old run"});
        }
        continue;
      }
      if (auto why = why_not_gated(*it->second, c))
        out_.not_gated.push_back({key, *why});
      else
        ++out_.compared_cells;
      cell(*it->second, c);
    }
    for (const auto& c : before_.cells) {
      if (!comparable_build(c.cell.build) || seen.contains(c.cell.key())) continue;
      if (!after_.selection.empty()) {
        out_.not_gated.push_back(
            {c.cell.key(), "not in the new run's selection (" + join(after_.selection, " ") + ")"});
      } else {
        vanished[c.cell.series_key()].push_back(fmt::format("x{}", c.cell.workers));
        out_.not_gated.push_back({c.cell.key(), "missing from the new run"});
      }
    }
    for (const auto& [series, workers] : appeared)
      add(Severity::info, Area::scaling, "cells", split(series, '/').front(), series, "", join(workers, ", "),
          fmt::format("{}: new cells {}", series, join(workers, ", ")));
    for (const auto& [series, workers] : vanished)
      add(Severity::info, Area::scaling, "cells", split(series, '/').front(), series, join(workers, ", "), "",
          fmt::format("{}: cells {} are gone", series, join(workers, ", ")));
  }

  // Why a cell in both runs cannot decide the scaling gate, if it cannot.
  static std::optional<std::string> why_not_gated(const CellResult& old, const CellResult& now) {
    if (old.status != CellStatus::ok || now.status != CellStatus::ok || now.cell.workers <= 1) return std::nullopt;
    if (now.disturbed) return std::string("disturbed in the new run");
    if (old.disturbed) return std::string("disturbed in the old run");
    if (now.implausible) return std::string("implausible in the new run");
    if (old.implausible) return std::string("implausible in the old run");
    return std::nullopt;
  }

  void cell(const CellResult& old, const CellResult& now) {
    auto key = now.cell.key();
    const auto& build = now.cell.build;
    if (old.status != now.status) {
      auto describe = [](const CellResult& c) { return std::string(to_string(c.status)); };
      if (old.status == CellStatus::ok && cell_failed(now.status))
        add(Severity::regression, Area::run, "cell", build, key, describe(old), describe(now),
            fmt::format("{} no longer measures: {}{}", key, now.status,
                        now.error.empty() ? "" : ": " + split_lines(now.error).back()));
      else if (cell_failed(old.status) && now.status == CellStatus::ok)
        add(Severity::improvement, Area::run, "cell", build, key, describe(old), describe(now),
            fmt::format("{} measures again (was {})", key, old.status));
      else if (now.status == CellStatus::not_run)
        add(Severity::warning, Area::run, "cell", build, key, describe(old), describe(now),
            fmt::format("{} was not measured in the new run (interrupted)", key));
      else
        add(Severity::info, Area::run, "cell", build, key, describe(old), describe(now),
            fmt::format("{}: {} -> {}", key, old.status, now.status));
      return;
    }
    if (now.status != CellStatus::ok) return;
    if (old.gil_enabled_after && now.gil_enabled_after && *old.gil_enabled_after != *now.gil_enabled_after) {
      auto text = [](bool on) {
        return on ? std::string("GIL on after the run") : std::string("GIL off after the run");
      };
      add(*now.gil_enabled_after ? Severity::regression : Severity::improvement, Area::compatibility, "gil after",
          build, key, text(*old.gil_enabled_after), text(*now.gil_enabled_after),
          fmt::format("{}: {} -> {}", key, text(*old.gil_enabled_after), text(*now.gil_enabled_after)));
    }
    if (now.cell.workers <= 1 || !old.speedup || !now.speedup) return;
    int direction = compare_speedups(old, now, options_.threshold);
    if (direction == 0) return;
    auto was = speedup_with_interval(old), is = speedup_with_interval(now);
    bool intervals = old.speedup_interval && now.speedup_interval;
    std::string change = fmt::format("{}: speedup {} -> {}", key, was, is);
    if (old.disturbed || now.disturbed) {
      add(Severity::warning, Area::scaling, "speedup", build, key, was, is,
          change + fmt::format(", not counted: the {} cell was disturbed by other processes",
                               now.disturbed ? "new" : "old"));
    } else if (old.implausible || now.implausible) {
      add(Severity::warning, Area::scaling, "speedup", build, key, was, is,
          change + fmt::format(", not counted: the {} cell's speedup is implausible (above its worker count)",
                               now.implausible ? "new" : "old"));
    } else if (!intervals && (old.unstable || now.unstable)) {
      add(Severity::warning, Area::scaling, "speedup", build, key, was, is,
          change + fmt::format(", not counted: the {} cell is unstable (cv {:.0f}%)", now.unstable ? "new" : "old",
                               (now.unstable ? now.cv : old.cv) * 100));
    } else {
      add(direction < 0 ? Severity::regression : Severity::improvement, Area::scaling, "speedup", build, key, was, is,
          change + (intervals ? fmt::format(" (more than {:.0f}% apart even at the ends of the 95% intervals)",
                                            options_.threshold * 100)
                              : fmt::format(" (more than {:.0f}% apart; no intervals)", options_.threshold * 100)));
    }
  }

  const RunResults& before_;
  const RunResults& after_;
  CompareOptions options_;
  std::set<std::string> comparable_;  // builds available in both runs
  Comparison out_;
};

}  // namespace

const char* to_string(Severity severity) {
  switch (severity) {
    case Severity::regression:
      return "regression";
    case Severity::improvement:
      return "improvement";
    case Severity::warning:
      return "warning";
    case Severity::info:
      return "changed";
  }
  return "?";
}

const char* to_string(Area area) {
  switch (area) {
    case Area::compatibility:
      return "compatibility";
    case Area::scaling:
      return "scaling";
    case Area::run:
      return "run";
  }
  return "?";
}

const char* to_string(Gate gate) {
  switch (gate) {
    case Gate::all:
      return "all";
    case Gate::compatibility:
      return "compatibility";
    case Gate::scaling:
      return "scaling";
  }
  return "?";
}

bool Comparison::counts(const Change& change, Gate gate) const {
  if (gate == Gate::all || change.area == Area::run) return true;
  return (gate == Gate::compatibility) == (change.area == Area::compatibility);
}

std::size_t Comparison::count(Severity severity, Gate gate) const {
  return static_cast<std::size_t>(std::count_if(
      changes.begin(), changes.end(), [&](const Change& c) { return c.severity == severity && counts(c, gate); }));
}

int compare_speedups(const CellResult& before, const CellResult& after, double threshold) {
  if (!before.speedup || !after.speedup) return 0;
  // With intervals, the change counts only when the whole range the ratio
  // new / old can take lies beyond the threshold (the report's Findings use
  // the same rule against a workload's expectation).
  if (before.speedup_interval && after.speedup_interval && before.speedup_interval->low > 0 &&
      before.speedup_interval->high > 0) {
    if (after.speedup_interval->high / before.speedup_interval->low < 1 - threshold) return -1;
    if (after.speedup_interval->low / before.speedup_interval->high > 1 + threshold) return 1;
    return 0;
  }
  if (*before.speedup <= 0) return 0;
  double ratio = *after.speedup / *before.speedup;
  if (ratio < 1 - threshold) return -1;
  if (ratio > 1 + threshold) return 1;
  return 0;
}

std::string speedup_with_interval(const CellResult& cell) {
  if (!cell.speedup) return "—";
  if (!cell.speedup_interval) return fmt::format("{:.2f}x", *cell.speedup);
  return fmt::format("{:.2f}x [{:.2f}, {:.2f}]", *cell.speedup, cell.speedup_interval->low,
                     cell.speedup_interval->high);
}

Comparison compare_results(const RunResults& before, const RunResults& after, const CompareOptions& options) {
  auto comparison = Comparer(before, after, options).run();
  comparison.before_label = before.matrix_name + " " + before.started_at;
  comparison.after_label = after.matrix_name + " " + after.started_at;
  return comparison;
}

}  // namespace gm::results
