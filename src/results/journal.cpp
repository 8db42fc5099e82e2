#include "results/journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "results/json_io.hpp"
#include "util/disk_space.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"

namespace gm::results {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kJournalVersion = 1;

constexpr const char* kJournalKey = "gilmatrix_journal";

std::string header_line(const JournalHeader& header) {
  json line = {{kJournalKey, kJournalVersion}};
  json_write_members(line, header);
  return line.dump();
}

// None for a line of another version, or one that is not a header.
std::optional<JournalHeader> parse_header(const json& j) {
  if (!j.is_object() || !j.contains(kJournalKey)) return std::nullopt;
  const auto& version = j[kJournalKey];
  if (!version.is_number_integer() || version.get<long long>() != kJournalVersion) return std::nullopt;
  JournalHeader header;
  try {
    json_read_members(j, header);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (header.inputs_sha256.empty()) return std::nullopt;
  return header;
}

bool known_status(CellStatus status) {
  // Never journaled: not run (interrupted) and no space (the run stops).
  return status != CellStatus::not_run && status != CellStatus::no_space;
}

[[noreturn]] void cannot_write(const fs::path& path, int error) {
  std::string message = fmt::format("cannot append to {}: {}", path.string(), std::strerror(error));
  if (auto full = disk_full(path)) message += "; " + *full + ": free space, then continue with --resume";
  throw InfraError(message);
}

// One write: a kill leaves at most this line cut short, never two records on one line.
void append_line(const fs::path& path, const json& record) {
  std::string line = record.dump() + "\n";
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) cannot_write(path, errno);
  ssize_t written = ::write(fd, line.data(), line.size());
  int error = errno;
  if (written >= 0 && static_cast<std::size_t>(written) != line.size()) error = ENOSPC;
  ::close(fd);
  if (written < 0 || static_cast<std::size_t>(written) != line.size()) {
    // A partial line must not glue the next record onto itself.
    if (written > 0) {
      std::error_code ec;
      fs::resize_file(path, fs::file_size(path, ec) - static_cast<std::uintmax_t>(written), ec);
    }
    cannot_write(path, error);
  }
}

json workload_record(const WorkloadInfo& workload) { return {{"record", "workload"}, {"workload", workload}}; }

}  // namespace

void start_journal(const fs::path& path, const JournalHeader& header) {
  write_file_atomically(path, header_line(header) + "\n");
}

Journal read_journal(const fs::path& path) {
  Journal journal;
  std::ifstream in(path, std::ios::binary);
  if (!in) return journal;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto name = path.filename().string();
  std::map<std::string, std::size_t> index;  // cell key -> position in journal.cells
  std::size_t number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    bool cut = end == std::string::npos;  // the last write never finished
    std::string line = text.substr(start, cut ? std::string::npos : end - start);
    start = cut ? text.size() : end + 1;
    ++number;
    if (trim(line).empty()) continue;
    auto where = fmt::format("{}:{}", name, number);
    auto parsed = json::parse(line, nullptr, false);
    if (number == 1) {
      journal.header = parsed.is_discarded() ? std::nullopt : parse_header(parsed);
      if (journal.header) continue;
      if (parsed.is_object() && parsed.contains("gilmatrix_journal")) {
        journal.problems.push_back(where + ": a journal header this gilmatrix does not read");
        continue;
      }
      // gilmatrix 0.1 journals start with a cell; it is read below like the others.
    }
    if (parsed.is_discarded()) {
      journal.problems.push_back(
          fmt::format("{}: {}; that cell is measured again", where,
                      cut ? "the last line was cut short (the run was killed while writing it)" : "not valid JSON"));
      continue;
    }
    try {
      if (parsed.is_object() && parsed.contains("record") && parsed["record"] == "workload") {
        journal.workloads.push_back(parsed.at("workload").get<WorkloadInfo>());
        continue;
      }
      auto cell = cell_from_json(parsed);
      if (!known_status(cell.status))
        throw std::runtime_error(fmt::format("status \"{}\" is never journaled", cell.status));
      auto [it, inserted] = index.try_emplace(cell.cell.key(), journal.cells.size());
      if (inserted)
        journal.cells.push_back(std::move(cell));
      else
        journal.cells[it->second] = std::move(cell);  // measured again (a baseline re-measured)
    } catch (const std::exception& e) {
      journal.problems.push_back(
          fmt::format("{}: not a cell record ({}); that cell is measured again", where, e.what()));
    }
  }
  return journal;
}

void rewrite_journal(const fs::path& path, const JournalHeader& header, const Journal& contents) {
  std::string text = header_line(header) + "\n";
  for (const auto& workload : contents.workloads) text += workload_record(workload).dump() + "\n";
  for (const auto& cell : contents.cells) text += cell_to_json(cell).dump() + "\n";
  write_file_atomically(path, text);
}

void append_cell(const fs::path& path, const CellResult& cell) { append_line(path, cell_to_json(cell)); }

void append_workload(const fs::path& path, const WorkloadInfo& workload) {
  append_line(path, workload_record(workload));
}

}  // namespace gm::results
