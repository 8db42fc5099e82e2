#pragma once
// cells.jsonl beside results.json: a header line naming the matrix it belongs
// to, then one line per finished cell, appended as it finishes, so an
// interrupted run loses nothing and `run --resume` skips what was measured.
// Workload descriptions (what calibration learnt) are journaled too, so a
// resumed run still knows what each workload expects.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "results/model.hpp"
#include "util/json_record.hpp"

namespace gm::results {

// The first line: {"gilmatrix_journal": 1, "matrix": ..., "inputs_sha256": ...}.
struct JournalHeader {
  std::string matrix;  // its name
  // config::Matrix::inputs_sha256: the matrix file and every workload file.
  // Cells measured under other inputs are not comparable with new ones.
  std::string inputs_sha256;
};
GM_JSON_MEMBERS(JournalHeader, matrix, inputs_sha256)

struct Journal {
  std::optional<JournalHeader> header;  // none: written by gilmatrix 0.1, or the first line is damaged
  std::vector<CellResult> cells;        // readable, finished cells; a later line for a key replaces an earlier one
  std::vector<WorkloadInfo> workloads;
  // One line per line that could not be used: "cells.jsonl:7: ...".
  std::vector<std::string> problems;
};

// Creates the journal with its header only (replacing any file there).
void start_journal(const std::filesystem::path& path, const JournalHeader& header);

// Every line is checked: a damaged, cut or foreign line is left out and named
// in `problems` with its line number. A missing file reads as empty.
Journal read_journal(const std::filesystem::path& path);

// Replaces the journal, atomically, with `header` and the workloads and cells
// of `contents`: drops damaged lines and a last line cut short, so the next
// append starts on a line of its own.
void rewrite_journal(const std::filesystem::path& path, const JournalHeader& header, const Journal& contents);

// One line each, written with a single append. Throw InfraError saying so
// when the disk is full.
void append_cell(const std::filesystem::path& path, const CellResult& cell);
void append_workload(const std::filesystem::path& path, const WorkloadInfo& workload);

}  // namespace gm::results
