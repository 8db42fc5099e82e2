
#include "cli/commands.hpp"
#include "cli/install_timeout_options.hpp"
#include "cli/output.hpp"
#include "cli/selection_options.hpp"
#include "cli/workspace_options.hpp"
#include "config/loader.hpp"
#include "pipeline/bisect_cpython.hpp"
#include "pipeline/bisect_package.hpp"
#include "report/bisect_output.hpp"
#include "report/github_commands.hpp"
#include "util/paths.hpp"
#include "util/terminal.hpp"

namespace gm::cli {

namespace {

constexpr const char* kBisectFooter = R"(
Two forms:
  CPython's history: MATRIX with --build NAME, a build with a git source. Each tested
  commit is built (ccache keeps a rebuild after a small change cheap) and the matrix,
  narrowed to that build and the selection (--workload, --executor, --workers,
  --gil-mode), is run as `run` runs it, in its own folder under --out.
  A package's history: --python and --repo. The interpreter stays fixed; each commit's
  tree is installed and its extension modules imported, as `check` does.
Commits go along first parents: a merged branch is one step, its merge. With
--all-parents the merged branches' commits are bisected too, as `git bisect` does without
--first-parent: each test halves the commits that may still be the first bad one, and
a good commit makes all its ancestors good. A commit that does not build or install is
skipped, and the answer then names the commits it hides. A commit whose build failed
in an earlier bisect is skipped at once from the cache's record of that failure
(failed/<key>.json beside its log); --rebuild-failed builds it again.

--when speedup|time: both ends are measured first, and the bisect stops at once when
their intervals overlap. A commit is good or bad only when its 95% interval lies wholly
on one side of the midpoint between the ends' values; otherwise it is measured again
with twice the rounds, up to --measurements times, and is then undecided, never guessed.

Examples:
  gilmatrix bisect cpython.toml --build main --good v3.13.0 --bad main --workload zlib-compress \
      --executor threads --workers 2 --when speedup
  gilmatrix bisect cpython.toml --build main --good GOOD --bad BAD --when verdict --module pvectorc
  gilmatrix bisect --python 3.13t --repo ./my-extension --good v1.0 --bad main --module mypkg._speedups

--out holds every tested commit's run folder and the answer: bisect.json, bisect.md and,
for speedup and time, bisect.svg (the value of each tested commit along the history).

--resume goes on from --out's bisect.json, written after every step: the commits tested
before are not built, installed or measured again. A package's history keeps a journal
only when given --out.

Not built: building the next candidates on the idle core while one commit builds; on
2 cores it does not pay (bench/README.md, "Building the next candidates beside").

Exit codes: 0 the first bad commit was found; 1 the ends do not differ, or the first bad
commit is hidden among commits that were skipped or undecided; 2 usage error; 3 the
interpreter, a build of the good end, an environment or the repository could not be
had; 130 interrupted.)";

void print_result(const bisect::Result& result, const std::string& format) {
  if (format == "json")
    print(report::bisect_json(result).dump(2) + "\n");
  else if (format == "markdown")
    print(report::bisect_markdown(result));
  else if (format == "github") {
    // GitHub Actions: the answer as an annotation, the table in the step summary.
    print(report::bisect_annotation(result) + report::bisect_text(result));
    report::append_step_summary(report::bisect_markdown(result));
  } else
    print(report::bisect_text(result));
}

// The answer beside the tested commits' run folders: bisect.json, bisect.md
// and, for a measured value, bisect.svg (the value along the history).
void write_bisect_files(const bisect::Result& result, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  auto markdown = report::bisect_markdown(result);
  auto chart = report::bisect_chart_svg(result);
  if (!chart.empty()) {
    write_file_atomically(dir / "bisect.svg", chart);
    markdown += "\n![" + result.when + " along the history](bisect.svg)\n";
  }
  write_file_atomically(dir / "bisect.md", markdown);
  write_file_atomically(dir / "bisect.json", report::bisect_json(result).dump(2) + "\n");
  Terminal::instance().line("bisect: the answer and every tested commit's run are in " + dir.string());
}

pipeline::BisectWhen parse_when(const std::string& when) {
  if (when == "verdict") return pipeline::BisectWhen::verdict;
  if (when == "status") return pipeline::BisectWhen::status;
  if (when == "time") return pipeline::BisectWhen::time;
  return pipeline::BisectWhen::speedup;
}

}  // namespace

void register_bisect_command(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand("bisect", "Which commit of CPython's or a package's history changed a result?");
  auto matrix_file = std::make_shared<std::filesystem::path>();
  auto request = std::make_shared<pipeline::PackageBisectRequest>();
  auto when = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("text");
  auto timeouts = std::make_shared<InstallTimeoutOptions>();
  auto module = std::make_shared<std::string>();
  auto measurements = std::make_shared<int>(3);
  auto out_dir = std::make_shared<std::filesystem::path>();
  auto resume = std::make_shared<bool>(false);
  auto all_parents = std::make_shared<bool>(false);
  auto rebuild_failed = std::make_shared<bool>(false);
  auto workspace_options = std::make_shared<WorkspaceOptions>();
  auto selection = std::make_shared<SelectionOptions>();
  command->add_option("matrix", *matrix_file, "CPython's history: the matrix whose --build has a git source");
  command->add_option("--python", request->python,
                      "A package's history: the interpreter every commit is tested on, named as `check --python` "
                      "takes it (3.13t, cp314t, a path, ...)");
  command->add_option("--repo", request->repo, "A package's history: its git repository, a path or a URL");
  command->add_option("--good", request->good, "A commit, tag or branch whose result is the old one")->required();
  command->add_option("--bad", request->bad, "A later commit, tag or branch whose result is the new one")->required();
  command
      ->add_option("--when", *when,
                   "What makes a commit bad: verdict (a module's GIL verdict or install or import status "
                   "differs from the good end's), status (the cell's status), speedup or time (the cell's value "
                   "moved towards the bad end's). Default: verdict for a package, speedup for CPython")
      ->check(CLI::IsMember({"verdict", "status", "speedup", "time"}));
  command->add_flag("--all-parents", *all_parents,
                    "Descend into merged branches: bisect every commit --bad descends from and --good does not, "
                    "not only the first-parent line");
  command->add_flag("--rebuild-failed", *rebuild_failed,
                    "CPython's history: build again a commit whose build failed in an earlier run (by default its "
                    "recorded failure is taken, and it is skipped at once)");
  command->add_option("--module", *module, "--when verdict: judge only this extension module (e.g. mypkg._speedups)");
  command
      ->add_option("--measurements", *measurements,
                   "--when speedup|time: measurements of one commit before it is undecided, each with twice the "
                   "rounds of the one before (default 3)")
      ->check(CLI::Range(1, 6));
  command->add_option("-o,--out", *out_dir,
                      "The folder of the answer (bisect.json after every step, bisect.md) and, for CPython's history, "
                      "of the tested commits' runs (default there reports/bisect-<build>-<UTC time>/; a package's "
                      "history keeps none without it)");
  command->add_flag("--resume", *resume,
                    "Go on from the bisect.json an interrupted bisect with the same --out, --good and --bad wrote "
                    "after its last step");
  command->add_option("--format", *format, "text, markdown, json or github")
      ->check(CLI::IsMember({"text", "markdown", "json", "github"}));
  timeouts->add_to(command);
  workspace_options->add_to(command);
  selection->add_to(command);
  command->footer(kBisectFooter);
  command->callback([&context, matrix_file, request, when, format, timeouts, module, measurements, out_dir, resume,
                     all_parents, rebuild_failed, workspace_options, selection] {
    exec::SystemProcessRunner runner;
    if (matrix_file->empty()) {
      if (request->python.empty() || request->repo.empty())
        throw UsageError("bisect needs MATRIX --build NAME (CPython's history) or --python and --repo (a package's)");
      if (!when->empty() && *when != "verdict")
        throw UsageError("--when " + *when + " bisects CPython's history: give MATRIX --build NAME");
      if (!selection->chosen().empty())
        throw UsageError("--build, --workload, --executor, --workers and --gil-mode go with MATRIX");
      if (*rebuild_failed) throw UsageError("--rebuild-failed goes with MATRIX: a package's commits are not built");
      request->import_timeout = timeouts->import_limit();
      request->install_timeout = timeouts->install_limit();
      if (!module->empty()) request->module = *module;
      request->all_parents = *all_parents;
      if (*resume && out_dir->empty()) throw UsageError("--resume needs --out DIR of the bisect to continue");
      request->out_dir = *out_dir;
      request->resume = *resume;
      auto workspace = workspace_options->make_workspace(runner);
      auto result = pipeline::bisect_package(*request, workspace);
      if (!out_dir->empty()) write_bisect_files(result, *out_dir);
      print_result(result, *format);
      context.exit_code = result.exit_code;
      return;
    }
    if (!request->python.empty() || !request->repo.empty())
      throw UsageError("--python and --repo bisect a package's history: leave out MATRIX, or leave them out");
    pipeline::CpythonBisectRequest cpython;
    cpython.matrix = config::load_matrix(*matrix_file);
    if (selection->chosen().builds.empty())
      throw UsageError("bisect MATRIX needs --build NAME: the build whose git history is bisected");
    cpython.when = parse_when(*when);
    selection->apply(cpython.matrix);
    cpython.good = request->good;
    cpython.bad = request->bad;
    cpython.all_parents = *all_parents;
    cpython.rebuild_failed = *rebuild_failed;
    if (!module->empty()) cpython.module = *module;
    cpython.measurements = *measurements;
    if (*resume && out_dir->empty()) throw UsageError("--resume needs --out DIR of the bisect to continue");
    cpython.resume = *resume;
    cpython.argv = context.argv;
    cpython.out_dir = out_dir->empty()
                          ? std::filesystem::path("reports") /
                                ("bisect-" + cpython.matrix.builds.at(0).name + "-" + utc_timestamp_compact())
                          : *out_dir;
    auto workspace = workspace_options->make_workspace(runner, cpython.matrix.mirrors);
    auto result = pipeline::bisect_cpython(cpython, workspace);
    write_bisect_files(result, cpython.out_dir);
    print_result(result, *format);
    context.exit_code = result.exit_code;
  });
}

}  // namespace gm::cli
