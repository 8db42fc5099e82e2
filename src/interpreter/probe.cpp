#include "interpreter/probe.hpp"

#include <fmt/format.h>

#include "harness/scripts.hpp"
#include "interpreter/python_environment.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"

namespace gm::interpreter {

Expected<harness::ProbeInfo> probe_interpreter(exec::ProcessRunner& runner, const std::filesystem::path& python,
                                               const std::filesystem::path& scripts_dir) {
  TempDir scratch("gilmatrix-probe");
  auto output = scratch.path() / "probe.json";
  exec::ProcessSpec spec;
  spec.argv = {python.string(), "-I", harness::script_path(scripts_dir, "probe.py").string(), output.string()};
  spec.env = python_environment();
  spec.timeout = std::chrono::seconds(60);
  auto result = runner.run(spec);
  if (!result.ok()) {
    std::string detail = trim(tail_lines(result.err, 3));
    return fail(fmt::format("probe of {} {}{}", python.string(), result.describe(),
                            detail.empty() ? "" : ": " + detail));
  }
  auto text = read_text_file(output);
  if (!text) return fail(fmt::format("probe of {} wrote no result", python.string()));
  auto info = harness::parse_probe(*text);
  if (info && info->implementation != "cpython")
    return fail(fmt::format("{} is {}, not CPython", python.string(), info->implementation));
  return info;
}

}  // namespace gm::interpreter
