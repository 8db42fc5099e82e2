#include "pipeline/bisect_cpython.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "bisect/value_side.hpp"
#include "exec/interrupt.hpp"
#include "pipeline/bisect_journal.hpp"
#include "pipeline/commit_range.hpp"
#include "pipeline/run_matrix.hpp"
#include "report/bisect_output.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"
#include "util/terminal.hpp"

namespace gm::pipeline {
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

bool value_mode(BisectWhen when) { return when == BisectWhen::speedup || when == BisectWhen::time; }

// The build's module verdicts in one line (only `module` when given).
std::string verdict_result(const results::RunResults& run, const std::string& build,
                           const std::optional<std::string>& module) {
  std::vector<std::string> parts;
  for (const auto& install : run.installs)
    if (install.build == build && !install.ok) parts.push_back(fmt::format("{} does not install", install.package_set));
  for (const auto& m : run.module_checks)
    if (m.build == build && (!module || m.module == *module))
      parts.push_back(fmt::format("{}: {}", m.module, m.status));
  return bisect::verdicts_line(std::move(parts), module);
}

const results::CellResult* find_cell(const results::RunResults& run, const std::string& key) {
  for (const auto& c : run.cells)
    if (c.cell.key() == key) return &c;
  return nullptr;
}

std::string value_text(BisectWhen when, double value, const results::Interval& interval) {
  if (when == BisectWhen::speedup) return fmt::format("{:.2f}x [{:.2f}, {:.2f}]", value, interval.low, interval.high);
  return fmt::format("{:.4g}s [{:.4g}, {:.4g}]", value, interval.low, interval.high);
}

// What one commit's build gave in a run: its result, value and interval.
struct Reading {
  std::string result;
  std::string detail;
  std::optional<double> value;
  std::optional<results::Interval> interval;
};

Reading read_commit(const CpythonBisectRequest& request, const results::RunResults& run, const std::string& build,
                    const std::string& cell_key) {
  Reading r;
  if (request.when == BisectWhen::verdict) {
    r.result = verdict_result(run, build, request.module);
    return r;
  }
  const auto* cell = find_cell(run, cell_key);
  if (!cell) {
    r.result = "not measured";
    return r;
  }
  r.result = to_string(cell->status);
  if (request.when == BisectWhen::status) return r;
  if (cell->status != results::CellStatus::ok) {
    r.detail = cell->error;
    return r;
  }
  if (request.when == BisectWhen::speedup && cell->speedup && cell->speedup_interval) {
    r.value = *cell->speedup;
    r.interval = *cell->speedup_interval;
  } else if (request.when == BisectWhen::time && cell->median_interval) {
    r.value = cell->median_seconds;
    r.interval = *cell->median_interval;
  }
  if (r.value) r.result = value_text(request.when, *r.value, *r.interval);
  return r;
}

void apply(const Reading& reading, bisect::TestedCommit& tested) {
  tested.result = reading.result;
  tested.detail = reading.detail;
  tested.value = reading.value;
  tested.interval = reading.interval;
}

// Builds commits and runs the narrowed matrix on them. Commits measured
// together are one round group: a commit and both ends in the same
// interleaved rounds, so a slow spell of the machine moves all three alike.
// On this 2-core VM zlib-compress's 2-thread speedup of one build read 1.97x
// in one run and 1.60x twenty minutes later, intervals +-3% both times; a
// commit judged against ends measured minutes before would have been wrong.
class CommitTester {
 public:
  CommitTester(const CpythonBisectRequest& request, Workspace& workspace,
               const std::vector<sources::CommitSummary>& range)
      : request_(request), workspace_(workspace), range_(range) {}

  // The build of commit `tested.index` under its name in the runs; `tested`
  // gets what building it cost, and "does not build" when it does not. One
  // commit at a time: two ccache rebuilds at once took 1.74-2.04x the time of
  // one on 2 cores (bench/README.md), so neither the ends nor a guessed next
  // midpoint are built beside it.
  bool build(bisect::TestedCommit& tested, ExitCode& problem) {
    const auto started = Clock::now();
    auto build = prepare_build(spec_of(tested.index), workspace_);
    // 0: taken from the cache, or its failure remembered from an earlier build.
    tested.build_seconds =
        build.built_now || (!build.record.ok() && !build.failure_remembered) ? seconds_since(started) : 0;
    if (build.record.ok()) return true;
    if (build.record.status == results::BuildStatus::interrupted) {
      problem = ExitCode::interrupted;
    } else if (build.record.status == results::BuildStatus::build_failed) {
      tested.result = bisect::kDoesNotBuild;
      tested.detail = build.record.reason;
    } else {
      problem = ExitCode::infrastructure;
      tested.detail = fmt::format("{}: {}", to_string(build.record.status), build.record.reason);
    }
    return false;
  }

  // The k-th measurement (twice the rounds of the one before) of built commits, together.
  std::vector<Reading> measure(const std::vector<std::size_t>& indexes, int k, std::string& run_dir,
                               ExitCode& problem) {
    auto matrix = request_.matrix;
    matrix.builds.clear();
    RunOptions options;
    for (auto index : indexes) {
      matrix.builds.push_back(spec_of(index));
      options.measured_with[name_of(index)] = name_of(indexes.front());
    }
    scale_rounds(matrix, k);
    if (request_.when == BisectWhen::verdict) matrix.workloads.clear();  // the verdicts need no measurement
    // A midpoint's runs are named by it (beside the ends, it is the middle one); the ends' run "ends".
    const std::string named = indexes.size() == 2   ? std::string("ends")
                              : indexes.size() == 3 ? range_[indexes[1]].short_id()
                                                    : range_[indexes[0]].short_id();
    options.out_dir = request_.out_dir / fmt::format("{}-{}", named, k);
    options.argv = request_.argv;
    // --resume: a step the bisect had not finished goes on in its run folder (cells measured stay).
    std::error_code ec;
    options.resume = request_.resume && fs::exists(*options.out_dir, ec);
    auto outcome = run_matrix(matrix, options, workspace_);
    run_dir = outcome.out_dir.string();
    if (outcome.exit_code == ExitCode::interrupted || outcome.exit_code == ExitCode::infrastructure) {
      problem = outcome.exit_code;
      return {};
    }
    if (cell_.build.empty() && request_.when != BisectWhen::verdict) {
      std::vector<config::Cell> first;
      for (const auto& c : outcome.results.cells)
        if (c.cell.build == name_of(indexes.front())) first.push_back(c.cell);
      cell_ = followed_cell(first, request_.when);
    }
    std::vector<Reading> readings;
    for (auto index : indexes)
      readings.push_back(read_commit(request_, outcome.results, name_of(index), key_for(index)));
    return readings;
  }

  // The followed cell, named by the matrix's build (not a commit's).
  std::string cell_key() const {
    if (cell_.build.empty()) return "";
    auto cell = cell_;
    cell.build = request_.matrix.builds[0].name;
    return cell.key();
  }

 private:
  std::string name_of(std::size_t index) const {
    return request_.matrix.builds[0].name + "-" + range_[index].short_id();
  }

  config::BuildSpec spec_of(std::size_t index) const {
    auto spec = request_.matrix.builds[0];
    spec.name = name_of(index);
    spec.git->ref = range_[index].id;
    return spec;
  }

  std::string key_for(std::size_t index) const {
    auto cell = cell_;
    cell.build = name_of(index);
    return cell.key();
  }

  static void scale_rounds(config::Matrix& m, int k) {
    const int scale = 1 << (k - 1);
    auto widen = [scale](config::Repeats& r) {
      if (!r.automatic) r.count *= scale;
    };
    widen(m.defaults.repeats);
    for (auto& w : m.workloads)
      if (w.repeats) widen(*w.repeats);
    m.defaults.measurement.max_samples *= scale;
    m.defaults.measurement.cell_budget *= scale;
  }

  const CpythonBisectRequest& request_;
  Workspace& workspace_;
  const std::vector<sources::CommitSummary>& range_;
  config::Cell cell_;
};

// A midpoint's verdict: by its result against the ends' (verdict, status), or
// by where its interval lies against the midpoint of the ends measured beside it.
bisect::Verdict verdict_of(const CpythonBisectRequest& request, const bisect::TestedCommit& tested,
                           const Reading& good_beside, const Reading& bad_beside, const bisect::Result& out) {
  if (!value_mode(request.when))
    return bisect::verdict_by_result(tested.result, out.tested[0].result, out.tested[1].result);
  if (!tested.interval) return bisect::Verdict::skipped;  // the cell failed: nothing to place
  if (!good_beside.value || !bad_beside.value) return bisect::Verdict::undecided;
  switch (bisect::side_of(*tested.interval, *good_beside.value, *bad_beside.value)) {
    case bisect::Side::good:
      return bisect::Verdict::good;
    case bisect::Side::bad:
      return bisect::Verdict::bad;
    case bisect::Side::unresolved:
      break;
  }
  return bisect::Verdict::undecided;
}

}  // namespace

const char* to_string(BisectWhen when) {
  switch (when) {
    case BisectWhen::verdict:
      return "verdict";
    case BisectWhen::status:
      return "status";
    case BisectWhen::speedup:
      return "speedup";
    case BisectWhen::time:
      return "time";
  }
  return "?";
}

config::Cell followed_cell(const std::vector<config::Cell>& cells, BisectWhen when) {
  if (cells.empty()) throw UsageError("bisect: the selection leaves no cell of the build to follow");
  const auto series = cells.front().series_key();
  for (const auto& c : cells)
    if (c.series_key() != series)
      throw UsageError(
          fmt::format("bisect follows one cell, but the selection leaves more than one series ({} and {}): narrow it "
                      "with --workload, --executor and --gil-mode",
                      series, c.series_key()));
  auto most = *std::max_element(cells.begin(), cells.end(),
                                [](const config::Cell& a, const config::Cell& b) { return a.workers < b.workers; });
  if (when == BisectWhen::speedup && most.workers < 2)
    throw UsageError("--when speedup needs a cell with more than one worker: add e.g. --workers 2");
  return most;
}

bisect::Result bisect_cpython(const CpythonBisectRequest& request, Workspace& workspace) {
  auto& terminal = Terminal::instance();
  if (request.matrix.builds.size() != 1)
    throw UsageError(fmt::format("bisect follows one build, and the matrix has {}: name it with --build",
                                 request.matrix.builds.size()));
  const auto& spec = request.matrix.builds[0];
  if (!spec.git)
    throw UsageError(
        fmt::format("build {} has no git source (git = {{ url = ..., ref = ... }}): only a git "
                    "history can be bisected",
                    spec.name));
  bisect::Result out;
  out.build = spec.name;
  out.repo = spec.git->url;
  out.when = to_string(request.when);

  out.all_parents = request.all_parents;
  out.range = bisect_commit_range(spec.git->url, request.good, request.bad, request.all_parents, workspace);
  terminal.line(fmt::format("bisect: {} commits of {} from {} (good) to {} (bad) {}, by the {}", out.range.size(),
                            out.repo, out.range.front().short_id(), out.range.back().short_id(),
                            bisect::walk_words(out), out.when));

  // configure's answers are shared by the commits of this bisect only (TempDir removes them).
  TempDir configure_caches("gilmatrix-configure");
  workspace.configure_caches = configure_caches.path();
  // A commit that did not compile in an earlier bisect is not compiled again (--rebuild-failed does).
  workspace.reuse_build_failures = !request.rebuild_failed;
  struct Restore {
    Workspace& w;
    ~Restore() {
      w.configure_caches.reset();
      w.reuse_build_failures = false;
    }
  } restore{workspace};
  CommitTester tester(request, workspace, out.range);
  auto stop = [&out](ExitCode code, std::string reason) {
    out.exit_code = code;
    out.stop_reason = std::move(reason);
    return out;
  };
  auto infrastructure = [&](const bisect::TestedCommit& t) {
    return fmt::format("commit {} could not be built or measured: {}", out.range[t.index].short_id(),
                       t.detail.empty() ? "see the run folder " + t.run_dir : t.detail);
  };
  const bool by_value = value_mode(request.when);
  const std::size_t last = out.range.size() - 1;

  const BisectJournal journal(request.out_dir);
  if (!(request.resume && journal.restore(out))) {
    // Both ends first, built and then measured together.
    out.tested.resize(2);
    out.tested[0].index = 0;
    out.tested[1].index = last;
    for (auto* end : {&out.tested[0], &out.tested[1]}) {
      const auto& commit = out.range[end->index];
      terminal.line(fmt::format("bisect: building the {} end {} \"{}\"", end == &out.tested[0] ? "good" : "bad",
                                commit.short_id(), commit.subject));
      ExitCode problem = ExitCode::ok;
      tester.build(*end, problem);
      if (problem == ExitCode::interrupted) return stop(problem, "interrupted");
      if (problem != ExitCode::ok) return stop(problem, infrastructure(*end));
    }
    if (out.tested[0].result == bisect::kDoesNotBuild)
      return stop(ExitCode::infrastructure, fmt::format("the good end {} does not build ({}): give a --good that does",
                                                        out.range.front().short_id(), out.tested[0].detail));
    if (by_value && out.tested[1].result == bisect::kDoesNotBuild)
      return stop(ExitCode::infrastructure, fmt::format("the bad end {} does not build ({}): give a --bad that does",
                                                        out.range.back().short_id(), out.tested[1].detail));
    {
      std::vector<std::size_t> ends{0};
      if (out.tested[1].result != bisect::kDoesNotBuild) ends.push_back(last);
      const auto started = Clock::now();
      ExitCode problem = ExitCode::ok;
      std::string run_dir;
      auto readings = tester.measure(ends, 1, run_dir, problem);
      if (problem == ExitCode::interrupted) return stop(problem, "interrupted");
      if (problem != ExitCode::ok)
        return stop(problem, "the ends could not be measured: see the run folder " + run_dir);
      for (std::size_t i = 0; i < ends.size(); ++i) {
        apply(readings[i], out.tested[i]);
        out.tested[i].measurements = 1;
        out.tested[i].run_dir = run_dir;
        out.tested[i].seconds = out.tested[i].build_seconds + seconds_since(started);
      }
    }
    out.tested[0].verdict = bisect::Verdict::good;
    out.tested[1].verdict = bisect::Verdict::bad;
    out.cell = tester.cell_key();
    journal.save(out);
  }
  auto& good_end = out.tested[0];
  auto& bad_end = out.tested[1];
  for (std::size_t i = 0; i < 2; ++i)
    terminal.line(fmt::format("bisect: the {} end: {} ({})", i == 0 ? "good" : "bad", out.tested[i].result,
                              report::step_cost(out.tested[i])));
  if (by_value) {
    if (!good_end.interval || !bad_end.interval)
      return stop(ExitCode::findings, fmt::format("{} has no {} to compare (good end: {}, bad end: {})", out.cell,
                                                  out.when, good_end.result, bad_end.result));
    if (!bisect::ends_differ(*good_end.interval, *bad_end.interval))
      return stop(ExitCode::findings,
                  fmt::format("the ends do not differ beyond their intervals (good {}, bad {}): nothing to bisect; "
                              "measure with more rounds (--repeats) or check --good and --bad",
                              good_end.result, bad_end.result));
  } else if (good_end.result == bad_end.result) {
    return stop(ExitCode::findings,
                fmt::format("both ends give the same result ({}): nothing to bisect", good_end.result));
  }

  bisect::Search search(bisect::range_parents(out.range));
  for (std::size_t i = 2; i < out.tested.size(); ++i) search.record(out.tested[i].index, out.tested[i].verdict);
  while (auto next = search.next()) {
    if (exec::interrupted()) return stop(ExitCode::interrupted, "interrupted");
    const auto& commit = out.range[*next];
    terminal.line(fmt::format("bisect: testing ({} left) {} \"{}\"", search.left(), commit.short_id(), commit.subject));
    const auto started = Clock::now();
    bisect::TestedCommit tested;
    tested.index = *next;
    ExitCode problem = ExitCode::ok;
    Reading good_beside, bad_beside;
    if (tester.build(tested, problem)) {
      // A value is judged against the ends measured in the same rounds; a
      // straddling one is measured again with twice the rounds.
      const std::vector<std::size_t> together =
          by_value ? std::vector<std::size_t>{0, *next, last} : std::vector<std::size_t>{*next};
      for (int k = 1; k <= (by_value ? request.measurements : 1) && problem == ExitCode::ok; ++k) {
        auto readings = tester.measure(together, k, tested.run_dir, problem);
        if (problem != ExitCode::ok) break;
        tested.measurements = k;
        apply(readings[by_value ? 1 : 0], tested);
        if (!by_value) break;
        good_beside = readings[0];
        bad_beside = readings[2];
        tested.detail = fmt::format("ends beside it: {}, {}", good_beside.result, bad_beside.result);
        if (verdict_of(request, tested, good_beside, bad_beside, out) != bisect::Verdict::undecided) break;
        if (k < request.measurements)
          terminal.line(
              fmt::format("bisect: {} {} is not clearly on one side of the ends' midpoint ({}): "
                          "measuring again with twice the rounds",
                          commit.short_id(), tested.result, tested.detail));
      }
    }
    tested.seconds = seconds_since(started);
    if (problem == ExitCode::interrupted) return stop(problem, "interrupted");
    if (problem != ExitCode::ok) return stop(problem, infrastructure(tested));
    tested.verdict = tested.result == bisect::kDoesNotBuild
                         ? bisect::verdict_by_result(tested.result, good_end.result, bad_end.result)
                         : verdict_of(request, tested, good_beside, bad_beside, out);
    search.record(*next, tested.verdict);
    terminal.line(fmt::format("bisect: {} is {}: {}{} ({})", commit.short_id(), bisect::to_string(tested.verdict),
                              tested.result, tested.detail.empty() ? "" : "; " + tested.detail,
                              report::step_cost(tested)));
    out.tested.push_back(std::move(tested));
    journal.save(out);
  }
  out.answer = search.answer();
  out.exit_code = out.answer->kind == bisect::Answer::Kind::found ? ExitCode::ok : ExitCode::findings;
  // What decided it: the two adjacent commits measured again, as one command.
  std::vector<std::string> argv{"gilmatrix"};
  for (std::size_t i = 1; i < request.argv.size(); ++i) {
    const auto& a = request.argv[i];
    if (a == "--good" || a == "--bad") {
      ++i;
      continue;
    }
    argv.push_back(a);
  }
  argv.insert(argv.end(), {"--good", out.range[out.answer->last_good].short_id(), "--bad",
                           out.range[out.answer->first_bad].short_id()});
  out.reproduce = shell_join(argv);
  return out;
}

}  // namespace gm::pipeline
