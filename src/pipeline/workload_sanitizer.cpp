#include "pipeline/workload_sanitizer.hpp"

#include <set>

#include "compat/stress_run.hpp"
#include "compat/workload_races.hpp"
#include "pipeline/stress_extensions.hpp"

namespace gm::pipeline {
namespace fs = std::filesystem;

namespace {

// A report makes the process that wrote it exit 0, not TSan's 66: how a cell
// went is its runner's JSON, and its reports are read from the logs.
constexpr int kReportsDoNotFailTheCell = 0;

}  // namespace

WorkloadSanitizer::WorkloadSanitizer(const std::vector<PreparedBuild>& builds, const config::StressSettings& settings,
                                     const fs::path& dir) {
  for (const auto& build : builds) {
    if (!build.record.ok() || !build.record.details.thread_sanitized()) continue;
    auto build_dir = dir / build.record.name;
    fs::create_directories(build_dir);
    suppressions_[build.record.name] = combined_suppressions(build, settings, build_dir, user_rules_);
  }
  if (settings.suppressions) user_rules_file_ = settings.suppressions->string();
}

void WorkloadSanitizer::arm(measure::MeasureContext& context) const {
  for (const auto& [build, file] : suppressions_)
    context.tsan_options_of[build] = [file](const fs::path& log_stem) {
      return compat::tsan_options(log_stem, file, kReportsDoNotFailTheCell);
    };
}

std::vector<results::WorkloadRaces> WorkloadSanitizer::judge(
    const measure::MeasureContext& context, const std::vector<results::CellResult>& cells,
    const std::map<std::string, std::string>& workload_package_sets, const CompatibilityResults& compatibility) const {
  std::set<std::pair<std::string, std::string>> measured;  // (build, workload), in the cells' order
  std::vector<results::WorkloadRaces> out;
  for (const auto& cell : cells) {
    const auto& build = cell.cell.build;
    auto file = suppressions_.find(build);
    if (file == suppressions_.end() || !measured.insert({build, cell.cell.workload}).second) continue;
    compat::WorkloadLogs logs;
    logs.build = build;
    logs.workload = cell.cell.workload;
    logs.dir = measure::tsan_log_dir(context, build, cell.cell.workload);
    std::error_code ec;
    if (!fs::is_directory(logs.dir, ec)) continue;  // no runner started (interrupted before it)
    if (auto set = workload_package_sets.find(logs.workload); set != workload_package_sets.end()) {
      logs.package_set = set->second;
      if (auto files = compatibility.extension_files.find({build, set->second});
          files != compatibility.extension_files.end())
        for (const auto& f : files->second) logs.objects[f.file.filename().string()] = f.module;
    }
    logs.user_rules = user_rules_;
    logs.user_rules_file = user_rules_file_;
    logs.tsan_options = compat::tsan_options(logs.dir / "EXECUTOR-GIL-xN", file->second, kReportsDoNotFailTheCell);
    out.push_back(compat::judge_workload_logs(logs));
  }
  return out;
}

}  // namespace gm::pipeline
