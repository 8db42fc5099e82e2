#include <cstdio>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/workspace_options.hpp"
#include "pipeline/check_extensions.hpp"
#include "report/compatibility_report.hpp"
#include "report/markdown_text.hpp"
#include "results/json_io.hpp"
#include "util/duration.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"

namespace gm::cli {
namespace {

using pipeline::CheckOutcome;

std::string build_line(const pipeline::PreparedBuild& b) {
  if (!b.record.ok()) return fmt::format("{}: {}: {}", b.record.name, b.record.status, b.record.reason);
  return fmt::format("{}: Python {}{} ({})", b.record.name, b.record.probe->version,
                     b.record.probe->free_threaded ? " free-threaded" : "", b.record.python);
}

void print_text(const CheckOutcome& outcome) {
  const auto& compat = outcome.compatibility;
  for (const auto& b : outcome.builds) {
    std::printf("%s\n", build_line(b).c_str());
    if (!b.record.ok()) continue;
    for (const auto& i : compat.installs)
      if (i.build == b.record.name && !i.ok) {
        std::printf("  %s: install failed: %s\n    log: %s\n", i.requirement.c_str(), i.reason().c_str(),
                    i.log.c_str());
        for (const auto& line : split_lines(tail_lines(i.detail, 8))) std::printf("    %s\n", line.c_str());
      }
    bool any = false;
    for (const auto& m : compat.modules) {
      if (m.build != b.record.name) continue;
      any = true;
      std::string via = m.attributed_to.empty() || m.attributed_to == m.module ? "" : " (the warning names " + m.attributed_to + ")";
      std::printf("  %-32s %s%s   [%s %s, %s]\n", m.module.c_str(), m.status.c_str(), via.c_str(),
                  m.distribution.c_str(), m.version.c_str(), m.binding.c_str());
      if (m.problem()) {
        if (m.status != results::module_status::reenables_gil && !m.detail.empty())
          std::printf("      %s\n", split_lines(m.detail).front().c_str());
        if (m.fixable()) std::printf("      fix: %s\n", m.fix.c_str());
        std::printf("      reproduce: %s\n", m.reproduce.c_str());
      }
    }
    if (!any) std::printf("  no extension modules installed\n");
  }
  for (const auto& line : report::compatibility_summary(compat.modules)) std::printf("%s\n", line.c_str());
}

std::string markdown(const CheckOutcome& outcome) {
  std::string out = "# gilmatrix check\n\nInterpreters:\n\n";
  for (const auto& b : outcome.builds) out += "- " + report::escape_inline(build_line(b)) + "\n";
  out += "\n" + report::render_compatibility(outcome.compatibility.installs, outcome.compatibility.modules,
                                             outcome.compatibility.together);
  return out;
}

nlohmann::json as_json(const CheckOutcome& outcome) {
  nlohmann::json builds = nlohmann::json::array(), installs = nlohmann::json::array();
  for (const auto& b : outcome.builds)
    builds.push_back({{"name", b.record.name}, {"status", b.record.status}, {"reason", b.record.reason},
                      {"python", b.record.python},
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
          {"exit_code", static_cast<int>(outcome.exit_code)}};
}

// GitHub Actions: annotations on the log, the Markdown table in the step summary.
void print_github(const CheckOutcome& outcome) {
  auto escape = [](std::string text) {  // workflow-command data escaping
    std::string out;
    for (char c : text) out += c == '%' ? "%25" : c == '\n' ? "%0A" : c == '\r' ? "%0D" : std::string(1, c);
    return out;
  };
  for (const auto& b : outcome.builds)
    if (!b.record.ok()) std::printf("::warning title=gilmatrix::%s\n", escape(build_line(b)).c_str());
  for (const auto& i : outcome.compatibility.installs)
    if (!i.ok)
      std::printf("::error title=install failed::%s on %s: %s\n", escape(i.requirement).c_str(), i.build.c_str(),
                  escape(i.reason() + "\n" + tail_lines(i.detail, 5)).c_str());
  for (const auto& m : outcome.compatibility.modules)
    if (m.problem())
      std::printf("::error title=%s %s::%s\n", m.module.c_str(), m.status.c_str(),
                  escape(fmt::format("{} {} on {}. {}\nReproduce: {}", m.module, m.status, m.build,
                                     m.status == results::module_status::reenables_gil ? "Fix: " + m.fix
                                     : m.fixable() ? m.detail + "\nFix: " + m.fix
                                                   : m.detail,
                                     m.reproduce))
                      .c_str());
  print_text(outcome);
  if (auto summary = getenv_string("GITHUB_STEP_SUMMARY")) std::ofstream(*summary, std::ios::app) << markdown(outcome);
}

}  // namespace

void register_check_command(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand("check", "Maintainer mode: does my extension re-enable the GIL?");
  auto request = std::make_shared<pipeline::CheckRequest>();
  auto format = std::make_shared<std::string>("text");
  auto timeout = std::make_shared<std::string>("60s");
  auto workspace_options = std::make_shared<WorkspaceOptions>();
  command->add_option("target", request->targets, "Source directory, sdist, wheel or requirement (e.g. numpy==2.1)")
      ->required();
  command->add_option("--python", request->pythons,
                      "Interpreters: a default build (3.12, 3.13, 3.13t, 3.14, 3.14t), a path or a name; repeatable "
                      "or comma-separated (default: 3.13t,3.14t)")
      ->delimiter(',');
  command->add_option("--format", *format, "text, markdown, json or github")
      ->check(CLI::IsMember({"text", "markdown", "json", "github"}));
  command->add_option("--import-timeout", *timeout, "How long one import may take before it counts as hung");
  workspace_options->add_to(command);
  command->footer(
      "\nExamples:\n  gilmatrix check ./my-extension\n"
      "  gilmatrix check dist/mypkg-1.0.tar.gz --python 3.13t --mirror ../shared/mirror\n"
      "\nExit codes: 0 every module keeps the GIL disabled; 1 one re-enables it, crashes, hangs or fails to "
      "import; 3 the target could not be installed or no interpreter could be had.");
  command->callback([&context, request, format, timeout, workspace_options] {
    auto parsed = parse_duration(*timeout);
    if (!parsed) throw UsageError("--import-timeout: " + parsed.error());
    request->import_timeout = *parsed;
    exec::SystemProcessRunner runner;
    auto workspace = workspace_options->make_workspace(runner);
    auto outcome = pipeline::check_extensions(*request, workspace);
    if (*format == "json")
      std::printf("%s\n", as_json(outcome).dump(2).c_str());
    else if (*format == "markdown")
      std::printf("%s", markdown(outcome).c_str());
    else if (*format == "github")
      print_github(outcome);
    else
      print_text(outcome);
    context.exit_code = outcome.exit_code;
  });
}

}  // namespace gm::cli
