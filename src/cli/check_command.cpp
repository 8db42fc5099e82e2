#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/workspace_options.hpp"
#include "pipeline/check_extensions.hpp"
#include "report/compatibility_report.hpp"
#include "report/github_commands.hpp"
#include "report/markdown_text.hpp"
#include "report/portable_paths.hpp"
#include "results/json_io.hpp"
#include "util/duration.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"

namespace gm::cli {
namespace {

using pipeline::CheckOutcome;

bool skipped(const CheckOutcome& outcome, const pipeline::PreparedBuild& b) {
  return std::find(outcome.skipped.begin(), outcome.skipped.end(), b.record.name) != outcome.skipped.end();
}

std::string build_line(const CheckOutcome& outcome, const pipeline::PreparedBuild& b) {
  if (!b.record.ok())
    return fmt::format("{}: {}{}: {}", b.record.name, skipped(outcome, b) ? "skipped (--skip-missing): " : "",
                       b.record.status, b.record.reason);
  std::string origin = b.record.origin == results::build_origin::cached_build ? ", cached build, source not rechecked"
                       : b.record.origin == "fallback interpreter" ? ", prebuilt interpreter (source unavailable)"
                                                                   : "";
  return fmt::format("{}: Python {}{} ({}{})", b.record.name, b.record.probe->version,
                     b.record.probe->free_threaded ? " free-threaded" : "", b.record.python, origin);
}

// Module names, details and paths come from the packages checked: shown through printable().
void print_text(const CheckOutcome& outcome) {
  const auto& compat = outcome.compatibility;
  std::string out;
  for (const auto& b : outcome.builds) {
    out += build_line(outcome, b) + "\n";
    if (!b.record.ok()) continue;
    for (const auto& i : compat.installs)
      if (i.build == b.record.name && !i.ok) {
        out += fmt::format("  {}: install failed: {}\n    log: {}\n", i.requirement, i.reason(), i.log);
        for (const auto& line : split_lines(tail_lines(i.detail, 8))) out += "    " + line + "\n";
      }
    bool any = false;
    for (const auto& m : compat.modules) {
      if (m.build != b.record.name) continue;
      any = true;
      std::string via = m.attributed_to.empty() || m.attributed_to == m.module ? "" : " (the warning names " + m.attributed_to + ")";
      out += fmt::format("  {:<32} {}{}   [{} {}, {}]\n", m.module, m.status, via, m.distribution, m.version,
                         m.binding);
      if (m.problem()) {
        if (m.status != results::module_status::reenables_gil && !m.detail.empty())
          out += fmt::format("      {}\n", split_lines(m.detail).front());
        if (m.fixable()) out += fmt::format("      fix: {}\n", m.fix);
        out += fmt::format("      reproduce: {}\n", m.reproduce);
      }
    }
    if (!any) out += "  no extension modules installed\n";
  }
  for (const auto& line : report::compatibility_summary(compat.modules)) out += line + "\n";
  std::fputs(printable(out).c_str(), stdout);
}

std::string markdown(const CheckOutcome& outcome, const report::PortablePaths& paths) {
  std::string out = "# gilmatrix check\n\nInterpreters:\n\n";
  for (const auto& b : outcome.builds) out += "- " + report::escape_inline(build_line(outcome, b)) + "\n";
  out += "\n" + report::render_compatibility(outcome.compatibility.installs, outcome.compatibility.modules,
                                             outcome.compatibility.together);
  return paths.apply(out) + "\n" + report::PortablePaths::legend();
}

nlohmann::json as_json(const CheckOutcome& outcome) {
  nlohmann::json builds = nlohmann::json::array(), installs = nlohmann::json::array();
  for (const auto& b : outcome.builds)
    builds.push_back({{"name", b.record.name}, {"status", b.record.status}, {"reason", b.record.reason},
                      {"python", b.record.python}, {"origin", b.record.origin}, {"skipped", skipped(outcome, b)},
                      {"probe", b.record.probe ? nlohmann::json(*b.record.probe) : nlohmann::json(nullptr)}});
  for (const auto& i : outcome.compatibility.installs)
    installs.push_back({{"build", i.build}, {"requirement", i.requirement}, {"ok", i.ok}, {"cause", i.cause},
                        {"detail", i.detail}, {"log", i.log}});
  nlohmann::json environments = nlohmann::json::array();
  for (const auto& e : outcome.compatibility.environment_records)
    environments.push_back({{"build", e.build}, {"python", e.python}, {"pip_options", e.pip_options}});
  return {{"builds", builds},
          {"environments", environments},
          {"installs", installs},
          {"module_checks", results::module_checks_to_json(outcome.compatibility.modules)},
          {"summary", report::compatibility_summary(outcome.compatibility.modules)},
          {"skipped", outcome.skipped},
          {"exit_code", static_cast<int>(outcome.exit_code)}};
}

// GitHub Actions: annotations on the log, the Markdown table in the step summary.
void print_github(const CheckOutcome& outcome, const report::PortablePaths& paths) {
  using report::AnnotationLevel;
  std::string lines;
  for (const auto& b : outcome.builds)
    if (!b.record.ok())
      lines += report::annotation(skipped(outcome, b) ? AnnotationLevel::warning : AnnotationLevel::error, "gilmatrix",
                                  build_line(outcome, b));
  for (const auto& i : outcome.compatibility.installs)
    if (!i.ok)
      lines += report::annotation(AnnotationLevel::error, "install failed",
                                  fmt::format("{} on {}: {}\n{}", i.requirement, i.build, i.reason(),
                                              tail_lines(i.detail, 5)));
  for (const auto& m : outcome.compatibility.modules)
    if (m.problem())
      lines += report::annotation(
          AnnotationLevel::error, m.module + " " + m.status,
          fmt::format("{} {} on {}. {}\nReproduce: {}", m.module, m.status, m.build,
                      m.status == results::module_status::reenables_gil ? "Fix: " + m.fix
                      : m.fixable()                                     ? m.detail + "\nFix: " + m.fix
                                                                        : m.detail,
                      m.reproduce));
  std::fputs(lines.c_str(), stdout);
  print_text(outcome);
  report::append_step_summary(markdown(outcome, paths));
}

}  // namespace

void register_check_command(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand("check", "Maintainer mode: does my extension re-enable the GIL?");
  auto request = std::make_shared<pipeline::CheckRequest>();
  auto format = std::make_shared<std::string>("text");
  auto timeout = std::make_shared<std::string>("60s");
  auto install_timeout = std::make_shared<std::string>("20m");
  auto workspace_options = std::make_shared<WorkspaceOptions>();
  command->add_option("target", request->targets, "Source directory, sdist, wheel or requirement (e.g. numpy==2.1)")
      ->required();
  command->add_option("--python", request->pythons,
                      "Interpreters: 3.13t, 3.13.15t, cp313t, cp313-cp313t, 3.13+freethreaded, 3.14, ... (built, "
                      "or taken from the cache), or an interpreter's path or name (python3.13t); repeatable or "
                      "comma-separated (default: 3.13t,3.14t)")
      ->delimiter(',');
  command->add_flag("--skip-missing", request->skip_missing,
                    "Interpreters that are not found or have no source are skipped, not failures (the output says so)");
  command->add_option("--format", *format, "text, markdown, json or github")
      ->check(CLI::IsMember({"text", "markdown", "json", "github"}));
  command->add_option("--import-timeout", *timeout, "How long one import may take before it counts as hung");
  command->add_option("--install-timeout", *install_timeout,
                      "How long one `pip install` (building the extension included) may take (default 20m)");
  workspace_options->add_to(command);
  command->footer(
      "\nExamples:\n  gilmatrix check ./my-extension                      on 3.13t and 3.14t\n"
      "  gilmatrix check dist/mypkg-1.0.tar.gz --python cp313t --mirror ../shared/mirror\n"
      "  gilmatrix check ./my-extension --skip-missing --format json > check.json\n"
      "\nInterpreter names (also uv's and cibuildwheel's): 3.13t, 3.13.15t, 3.13+freethreaded, cp313t,\n"
      "cp313-cp313t, 3.13, cp313; a path or a name on PATH or in pyenv. PyPy and other implementations\n"
      "are refused: the GIL question is CPython's.\n"
      "\nExit codes: 0 every module keeps the GIL disabled; 1 one re-enables it, crashes, hangs or fails to\n"
      "import; 2 usage error; 3 the target could not be installed or an interpreter could not be had\n"
      "(--skip-missing skips those that are not found or have no source); 130 interrupted.");
  command->callback([&context, request, format, timeout, install_timeout, workspace_options] {
    auto parsed = parse_duration(*timeout);
    if (!parsed) throw UsageError("--import-timeout: " + parsed.error());
    request->import_timeout = *parsed;
    auto install_limit = parse_duration(*install_timeout);
    if (!install_limit) throw UsageError("--install-timeout: " + install_limit.error());
    request->install_timeout = *install_limit;
    exec::SystemProcessRunner runner;
    auto workspace = workspace_options->make_workspace(runner);
    auto outcome = pipeline::check_extensions(*request, workspace);
    report::PortablePaths paths(workspace.cache_root.string(), std::filesystem::current_path().string(),
                                getenv_string("HOME").value_or(""));
    if (*format == "json")
      std::printf("%s\n", as_json(outcome).dump(2).c_str());
    else if (*format == "markdown")
      std::printf("%s", markdown(outcome, paths).c_str());
    else if (*format == "github")
      print_github(outcome, paths);
    else
      print_text(outcome);
    context.exit_code = outcome.exit_code;
  });
}

}  // namespace gm::cli
