#include "pipeline/bisect_package.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "exec/interrupt.hpp"
#include "pipeline/bisect_journal.hpp"
#include "pipeline/commit_range.hpp"
#include "report/bisect_output.hpp"
#include "util/cache_layout.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"
#include "util/terminal.hpp"

namespace gm::pipeline {
namespace fs = std::filesystem;

namespace {

// Installs one commit's tree on the interpreter and imports its modules.
bisect::TestedCommit test_commit(const PackageBisectRequest& request, Workspace& workspace, const fs::path& trees,
                                 sources::GitMirror& mirror, const std::vector<sources::CommitSummary>& range,
                                 std::size_t index, ExitCode& problem) {
  const auto started = std::chrono::steady_clock::now();
  bisect::TestedCommit tested;
  tested.index = index;
  const auto& commit = range[index];
  const auto tree = trees / commit.short_id();
  if (auto exported = mirror.export_tree(commit.id, tree); !exported)
    throw InfraError(fmt::format("bisect: cannot check out {}: {}", commit.short_id(), exported.error()));
  CheckRequest check{.targets = {tree.string()},
                     .pythons = {request.python},
                     .import_timeout = request.import_timeout,
                     .install_timeout = request.install_timeout};
  auto outcome = check_extensions(check, workspace);
  std::error_code ec;
  fs::remove_all(tree, ec);
  if (outcome.exit_code == ExitCode::infrastructure || outcome.exit_code == ExitCode::interrupted)
    problem = outcome.exit_code;
  tested.result = package_result(outcome, request.module, tested.detail);
  tested.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return tested;
}

// A repository on disk goes by its absolute path (the cache's mirror of it is
// keyed by it), whether or not it was named with ./; anything else is a URL.
std::string repository_url(const std::string& repo) {
  std::error_code ec;
  if (!repo.starts_with("file://") && fs::exists(repo, ec)) return fs::absolute(repo).lexically_normal().string();
  if (written_as_path(repo)) throw UsageError(fmt::format("--repo {}: no such repository", repo));
  return repo;
}

}  // namespace

std::string package_result(const CheckOutcome& outcome, const std::optional<std::string>& module, std::string& detail) {
  for (const auto& install : outcome.compatibility.installs)
    if (!install.ok) {
      detail = install.reason();
      return bisect::kDoesNotInstall;
    }
  std::vector<std::string> parts;
  for (const auto& m : outcome.compatibility.modules)
    if (!module || m.module == *module) parts.push_back(fmt::format("{}: {}", m.module, m.status));
  return bisect::verdicts_line(std::move(parts), module);
}

bisect::Result bisect_package(const PackageBisectRequest& request, Workspace& workspace) {
  auto& terminal = Terminal::instance();
  bisect::Result out;
  out.python = request.python;
  out.repo = request.repo;
  out.when = "verdict";
  const auto url = repository_url(request.repo);
  out.all_parents = request.all_parents;
  out.range = bisect_commit_range(url, request.good, request.bad, request.all_parents, workspace);
  sources::GitMirror mirror(CacheLayout(workspace.cache_root).git_mirrors(), url);  // exports each tested tree
  terminal.line(fmt::format("bisect: {} commits from {} (good) to {} (bad) {}, on {}", out.range.size(),
                            out.range.front().short_id(), out.range.back().short_id(), bisect::walk_words(out),
                            request.python));

  TempDir trees("gilmatrix-bisect");
  ExitCode problem = ExitCode::ok;
  auto test = [&](std::size_t index, const char* what) {
    terminal.line(
        fmt::format("bisect: testing {} {} \"{}\"", what, out.range[index].short_id(), out.range[index].subject));
    auto tested = test_commit(request, workspace, trees.path(), mirror, out.range, index, problem);
    if (problem != ExitCode::ok) {
      out.exit_code = problem;
      out.stop_reason =
          problem == ExitCode::interrupted
              ? "interrupted"
              : fmt::format("the interpreter {} or an environment on it could not be had", request.python);
    }
    return tested;
  };
  const BisectJournal journal(request.out_dir);
  if (!(request.resume && journal.restore(out))) {
    for (const auto& [index, what] :
         {std::pair<std::size_t, const char*>{0, "the good end"}, {out.range.size() - 1, "the bad end"}}) {
      out.tested.push_back(test(index, what));
      if (out.exit_code != ExitCode::ok) return out;
    }
    out.tested[0].verdict = bisect::Verdict::good;
    out.tested[1].verdict = bisect::Verdict::bad;
    journal.save(out);
  }
  const auto& good_end = out.tested[0];
  const auto& bad_end = out.tested[1];
  if (good_end.result == bad_end.result) {
    out.stop_reason = fmt::format(
        "both ends give the same result ({}): nothing to bisect; check --good, --bad "
        "and --module",
        good_end.result);
    out.exit_code = ExitCode::findings;
    return out;
  }
  if (good_end.result == bisect::kDoesNotInstall)
    throw UsageError(fmt::format("the good end {} does not install ({}): give a --good commit that does",
                                 out.range.front().short_id(), good_end.detail));

  bisect::Search search(bisect::range_parents(out.range));
  for (std::size_t i = 2; i < out.tested.size(); ++i) search.record(out.tested[i].index, out.tested[i].verdict);
  while (auto next = search.next()) {
    if (exec::interrupted()) {
      out.exit_code = ExitCode::interrupted;
      out.stop_reason = "interrupted";
      return out;
    }
    auto tested = test(*next, fmt::format("({} left)", search.left()).c_str());
    if (out.exit_code != ExitCode::ok) return out;
    tested.verdict = bisect::verdict_by_result(tested.result, out.tested[0].result, out.tested[1].result);
    search.record(*next, tested.verdict);
    terminal.line(fmt::format("bisect: {} is {}: {} ({})", out.range[*next].short_id(),
                              bisect::to_string(tested.verdict), tested.result, report::step_cost(tested)));
    out.tested.push_back(std::move(tested));
    journal.save(out);
  }
  out.answer = search.answer();
  out.exit_code = out.answer->kind == bisect::Answer::Kind::found ? ExitCode::ok : ExitCode::findings;
  return out;
}

}  // namespace gm::pipeline
