#include "measure/measure_cell.hpp"

#include <fstream>

#include <fmt/format.h>

#include "harness/protocol.hpp"
#include "harness/scripts.hpp"
#include "interpreter/python_environment.hpp"
#include "results/statistics.hpp"
#include "util/disk_space.hpp"
#include "util/hash.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"

namespace gm::measure {

namespace {
using results::cell_status::crashed;
using results::cell_status::failed;
using results::cell_status::timeout;

std::string cpu_list(const std::vector<int>& cpus) {
  std::vector<std::string> parts;
  for (int c : cpus) parts.push_back(std::to_string(c));
  return join(parts, ",");
}
}  // namespace

results::CellResult measure_cell(const MeasureContext& context, const config::Cell& cell,
                                 const std::filesystem::path& python, const std::filesystem::path& workload_file,
                                 const std::vector<int>& cpus) {
  results::CellResult out;
  out.cell = cell;
  out.cpus = cpus;
  auto stem = sha256_hex(cell.key()).substr(0, 16);
  auto output = context.work_dir / (stem + ".json");
  std::filesystem::create_directories(context.work_dir);
  std::filesystem::remove(output);

  exec::ProcessSpec spec;
  spec.argv = {python.string(),
               harness::script_path(context.scripts_dir, "runner.py").string(),
               "--workload", workload_file.string(),
               "--executor", config::to_string(cell.executor),
               "--workers", std::to_string(cell.workers),
               "--repeats", std::to_string(cell.repeats),
               "--iterations", std::to_string(cell.iterations),
               "--cpus", cpu_list(cpus),
               "--barrier-timeout", fmt::format("{}", std::chrono::duration<double>(cell.timeout).count()),
               "--output", output.string()};
  spec.env = interpreter::python_environment(cell.gil_mode);
  spec.timeout = cell.timeout;
  spec.cpus = cpus;
  spec.output_cap = 64 * 1024;
  spec.working_directory = workload_file.parent_path();
  if (!context.log_dir.empty()) {
    spec.log_file = context.log_dir / cell.build / cell.workload /
                    fmt::format("{}-{}-x{}.log", config::to_string(cell.executor), config::to_string(cell.gil_mode),
                                cell.workers);
    std::error_code ec;  // a log that cannot be written is reported by the runner (log_error)
    std::filesystem::create_directories(spec.log_file->parent_path(), ec);
    std::ofstream(*spec.log_file, std::ios::app) << "$ " << shell_join(spec.argv) << "\n";
  }
  auto process = context.runner.run(spec);
  out.wall_seconds = process.wall_seconds;

  using Outcome = exec::ProcessResult::Outcome;
  std::string stderr_tail = trim(tail_lines(process.err, 15));
  switch (process.outcome) {
    case Outcome::timed_out:
      out.status = timeout;
      out.error = fmt::format("did not finish within {}s; the process group was killed",
                              std::chrono::duration<double>(cell.timeout).count());
      return out;
    case Outcome::signaled:
      out.status = crashed;
      out.error = process.describe() + (stderr_tail.empty() ? "" : "\n" + stderr_tail);
      return out;
    case Outcome::interrupted:
      out.status = results::cell_status::not_run;
      out.error = "interrupted";
      return out;
    case Outcome::failed_to_start:
      out.status = failed;
      out.error = process.describe();
      return out;
    case Outcome::exited:
      break;
  }
  auto text = read_text_file(output);
  auto parsed = text ? harness::parse_runner_result(*text) : harness::parse_runner_result("");
  // No result because the disk is full: not the cell's doing (see cell_status::no_space).
  if (auto full = disk_full(context.work_dir); full && (!parsed || mentions_no_space(process.err))) {
    out.status = results::cell_status::no_space;
    out.error = *full;
    return out;
  }
  if (!text) {
    out.status = failed;
    out.error = process.describe() + (stderr_tail.empty() ? "" : ":\n" + stderr_tail);
    return out;
  }
  if (!parsed) {
    out.status = failed;
    out.error = parsed.error();
    return out;
  }
  out.status = parsed->status;
  out.iterations = parsed->iterations;
  out.gil_enabled_after_import = parsed->gil_enabled_after_import;
  out.gil_enabled_after = parsed->gil_enabled_after;
  out.error = trim(tail_lines(parsed->error, 15));
  out.samples = parsed->samples;
  if (out.status == results::cell_status::ok && out.samples.empty()) {
    out.status = failed;
    out.error = "the runner reported no samples";
  }
  results::summarize_samples(out, context.unstable_cv);
  return out;
}

}  // namespace gm::measure
