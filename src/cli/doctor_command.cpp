#include <cstdio>

#include <fmt/format.h>

#include "build/build_dependencies.hpp"
#include "cli/commands.hpp"
#include "cli/workspace_options.hpp"
#include "interpreter/probe.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"
#include "util/system_info.hpp"

namespace gm::cli {

namespace {

void print(const std::string& line) { std::printf("%s\n", line.c_str()); }

}  // namespace

void register_doctor_command(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand("doctor", "Check compilers, CPython build dependencies, cores, interpreters, cache");
  auto workspace_options = std::make_shared<WorkspaceOptions>();
  workspace_options->add_to(command);
  command->footer(
      "\nExamples:\n"
      "  gilmatrix doctor\n"
      "  gilmatrix doctor --mirror ../shared/mirror      also say whether the mirror has CPython sources\n"
      "\nExit codes: 0 ready to build CPython; 1 something is missing (the output says what to install).");
  command->callback([&context, workspace_options] {
    exec::SystemProcessRunner runner;
    auto workspace = workspace_options->make_workspace(runner);
    bool healthy = true;

    print(fmt::format("machine:   {} ({} usable of {} online cores), {}, {}", cpu_model(), usable_cpus().size(),
                      online_cpu_count(), os_description(), kernel_release()));
    for (auto tool : {"cc", "c++", "make", "ccache", "git"})
      print(fmt::format("{:<10} {}", std::string(tool) + ":", exec::first_output_line(runner, {tool, "--version"}).value_or("not found")));

    print("CPython build dependencies (Debian packages):");
    std::vector<std::string> missing;
    for (const auto& dep : build::cpython_build_dependencies(runner)) {
      print(fmt::format("  [{}] {:<20} {}", dep.installed ? "x" : " ", dep.package, dep.provides));
      if (!dep.installed) missing.push_back(dep.package);
    }
    if (!missing.empty()) {
      healthy = false;
      print("  install the missing ones with: sudo apt-get install " + join(missing, " "));
    }

    print("interpreters found:");
    auto report_python = [&](const std::filesystem::path& python) {
      auto probe = interpreter::probe_interpreter(runner, python, workspace.scripts_dir);
      if (probe)
        print(fmt::format("  {:<45} {}{}", python.string(), probe->version,
                          probe->free_threaded ? " free-threaded" : ""));
    };
    for (const auto& dir : workspace.locations.pyenv_version_dirs())
      if (std::filesystem::exists(dir / "bin" / "python3")) report_python(dir / "bin" / "python3");
    for (const char* name : {"python3", "python3.12", "python3.13", "python3.13t", "python3.14", "python3.14t"}) {
      auto found = sources::find_interpreter(name, workspace.locations);
      if (found && found->string().find("/versions/") == std::string::npos) report_python(*found);
    }

    print(fmt::format("cache:     {} ({:.1f} MiB)", workspace.cache_root.string(),
                      static_cast<double>(directory_size(workspace.cache_root)) / (1 << 20)));
    for (const auto& mirror : workspace.mirrors)
      print(fmt::format("mirror:    {} ({})", mirror.string(),
                        std::filesystem::is_directory(mirror / "cpython") ? "has cpython/" : "no cpython/ folder"));
    context.exit_code = healthy ? ExitCode::ok : ExitCode::findings;
  });
}

}  // namespace gm::cli
