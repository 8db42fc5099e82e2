#include "pipeline/bisect_journal.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/bisect_output.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"
#include "util/terminal.hpp"

namespace gm::pipeline {
namespace fs = std::filesystem;

bool BisectJournal::restore(bisect::Result& out) const {
  std::error_code ec;
  if (out_dir_.empty() || !fs::exists(file(), ec)) return false;
  auto text = read_text_file(file());
  if (!text) throw UsageError(fmt::format("--resume: {}: {}", file().string(), text.error()));
  auto saved = nlohmann::json::parse(*text, nullptr, false);
  if (saved.is_discarded()) throw UsageError(fmt::format("--resume: {} is not JSON", file().string()));
  if (auto restored = report::restore_tested(saved, out); !restored)
    throw UsageError(fmt::format("--resume: {}: {}; give another --out", file().string(), restored.error()));
  out.cell = saved.value("cell", "");
  Terminal::instance().line(
      fmt::format("bisect: resuming from {}: {} commits already tested", file().string(), out.tested.size()));
  return true;
}

void BisectJournal::save(const bisect::Result& out) const {
  if (out_dir_.empty()) return;
  fs::create_directories(out_dir_);
  write_file_atomically(file(), report::bisect_json(out).dump(2) + "\n");
}

}  // namespace gm::pipeline
