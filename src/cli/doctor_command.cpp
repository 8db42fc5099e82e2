#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cpython_build/build_dependencies.hpp"
#include "cli/commands.hpp"
#include "cli/workspace_options.hpp"
#include "interpreter/probe.hpp"
#include "measure/cell_measurement.hpp"
#include "measure/noise_floor.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"
#include "util/system_info.hpp"

namespace gm::cli {

namespace {

// What doctor found: printed as lines, or as one JSON object with --format json.
struct Findings {
  std::string text;
  nlohmann::json json = nlohmann::json::object();
  void line(const std::string& l) { text += l + "\n"; }
};

// The machine's own noise, as a run measures it first: what the default
// precision target costs here. Not under the measuring lock, so a run
// measuring at the same time shows as noise.
void report_noise_floor(exec::ProcessRunner& runner, const pipeline::Workspace& workspace,
                        const std::vector<std::filesystem::path>& pythons, Findings& out) {
  out.json["noise_floor"] = nullptr;
  if (pythons.empty()) {
    out.line("noise:     not measured (no interpreter found to run the probe)");
    return;
  }
  constexpr double kPrecision = 0.03;
  TempDir scratch("gilmatrix-doctor");
  measure::MeasureContext context{runner, workspace.scripts_dir, scratch.path(), scratch.path()};
  std::string error;
  auto floor = measure::probe_noise_floor(context, pythons.front(), usable_cpus(), measure::kSamplesPerRound,
                                          kPrecision, error);
  if (!floor) {
    out.line("noise:     not measured (" + error + ")");
    return;
  }
  out.json["noise_floor"] = *floor;
  out.line(fmt::format("noise:     cv {:.1f}% on one core, {:.1f}% on all {} cores; neighbouring samples' ratio "
                       "±{:.1f}%; steal {:.1f}%: about {} paired rounds per group for ±{:.0f}%",
                       floor->cv_one_core * 100, floor->cv_all_cores * 100, usable_cpus().size(),
                       floor->pair_cv * 100, floor->steal_share * 100, floor->predicted_rounds, kPrecision * 100));
}

}  // namespace

void register_doctor_command(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand("doctor", "Check compilers, CPython build dependencies, cores, interpreters, cache");
  auto workspace_options = std::make_shared<WorkspaceOptions>();
  auto format = std::make_shared<std::string>("text");
  workspace_options->add_to(command);
  command->add_option("--format", *format, "text or json")->check(CLI::IsMember({"text", "json"}));
  command->footer(
      "\nExamples:\n"
      "  gilmatrix doctor\n"
      "  gilmatrix doctor --mirror ../shared/mirror      also say whether the mirror has CPython sources\n"
      "  gilmatrix doctor --format json\n"
      "\nExit codes: 0 ready to build CPython; 1 something is missing (the output says what to install).");
  command->callback([&context, workspace_options, format] {
    exec::SystemProcessRunner runner;
    auto workspace = workspace_options->make_workspace(runner);
    bool healthy = true;
    Findings out;

    out.json["machine"] = {{"cpu", cpu_model()}, {"usable_cores", usable_cpus().size()},
                           {"online_cores", online_cpu_count()}, {"os", os_description()}, {"kernel", kernel_release()}};
    out.line(fmt::format("machine:   {} ({} usable of {} online cores), {}, {}", cpu_model(), usable_cpus().size(),
                         online_cpu_count(), os_description(), kernel_release()));
    out.json["tools"] = nlohmann::json::object();
    for (auto tool : {"cc", "c++", "make", "ccache", "git"}) {
      auto version = exec::first_output_line(runner, {tool, "--version"});
      out.json["tools"][tool] = version ? nlohmann::json(*version) : nlohmann::json(nullptr);
      out.line(fmt::format("{:<10} {}", std::string(tool) + ":", version.value_or("not found")));
    }

    out.line("CPython build dependencies (Debian packages):");
    std::vector<std::string> missing;
    out.json["build_dependencies"] = nlohmann::json::array();
    for (const auto& dep : cpython_build::cpython_build_dependencies(runner)) {
      out.json["build_dependencies"].push_back(
          {{"package", dep.package}, {"provides", dep.provides}, {"installed", dep.installed}});
      out.line(fmt::format("  [{}] {:<20} {}", dep.installed ? "x" : " ", dep.package, dep.provides));
      if (!dep.installed) missing.push_back(dep.package);
    }
    if (!missing.empty()) {
      healthy = false;
      out.line("  install the missing ones with: sudo apt-get install " + join(missing, " "));
    }

    out.line("interpreters found:");
    out.json["interpreters"] = nlohmann::json::array();
    std::vector<std::filesystem::path> found_pythons;
    auto report_python = [&](const std::filesystem::path& python) {
      auto probe = interpreter::probe_interpreter(runner, python, workspace.scripts_dir);
      if (!probe) return;
      found_pythons.push_back(python);
      out.json["interpreters"].push_back(
          {{"python", python.string()}, {"version", probe->version}, {"free_threaded", probe->free_threaded}});
      out.line(fmt::format("  {:<45} {}{}", python.string(), probe->version, probe->free_threaded ? " free-threaded" : ""));
    };
    for (const auto& dir : workspace.locations.pyenv_version_dirs())
      if (std::filesystem::exists(dir / "bin" / "python3")) report_python(dir / "bin" / "python3");
    for (const char* name : {"python3", "python3.12", "python3.13", "python3.13t", "python3.14", "python3.14t"}) {
      auto found = sources::find_interpreter(name, workspace.locations);
      if (found && found->string().find("/versions/") == std::string::npos) report_python(*found);
    }

    report_noise_floor(runner, workspace, found_pythons, out);

    auto cache_size = static_cast<double>(directory_size(workspace.cache_root)) / (1 << 20);
    out.json["cache"] = {{"dir", workspace.cache_root.string()}, {"size_mib", cache_size}};
    out.line(fmt::format("cache:     {} ({:.1f} MiB)", workspace.cache_root.string(), cache_size));
    out.json["mirrors"] = nlohmann::json::array();
    for (const auto& mirror : workspace.mirrors) {
      bool has_cpython = std::filesystem::is_directory(mirror / "cpython");
      out.json["mirrors"].push_back({{"dir", mirror.string()}, {"has_cpython", has_cpython}});
      out.line(fmt::format("mirror:    {} ({})", mirror.string(), has_cpython ? "has cpython/" : "no cpython/ folder"));
    }
    out.json["healthy"] = healthy;
    std::printf("%s", *format == "json" ? (out.json.dump(2) + "\n").c_str() : out.text.c_str());
    context.exit_code = healthy ? ExitCode::ok : ExitCode::findings;
  });
}

}  // namespace gm::cli
