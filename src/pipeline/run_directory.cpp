#include "pipeline/run_directory.hpp"

#include <fmt/format.h>

#include "results/journal.hpp"
#include "util/error.hpp"
#include "util/terminal.hpp"

namespace gm::pipeline {
namespace fs = std::filesystem;

namespace {

// A directory holding a journal is a run's, also one an older gilmatrix wrote
// without the marker: --resume may go on in it.
OutputFolder::Claim claim_of(const fs::path& dir, const RunDirectory::Options& options) {
  std::error_code ec;
  return {options.force || (options.resume && fs::exists(dir / "cells.jsonl", ec)), "--out"};
}

}  // namespace

RunDirectory::RunDirectory(fs::path dir, const config::Matrix& matrix, const Options& options)
    : folder_(dir, claim_of(dir, options)) {
  auto lock = OwnerLock::try_take(folder_ / ".gilmatrix-run.lock", options.command);
  if (!lock)
    throw InfraError(
        fmt::format("{} is in use by another gilmatrix run ({}); wait for it to finish or choose "
                    "another --out",
                    path().string(), lock.error()));
  lock_ = std::move(*lock);

  bool journaled = fs::exists(journal());
  if (options.resume && !journaled)
    throw UsageError(fmt::format("--resume: {} has no cells.jsonl to resume from", path().string()));
  if (!options.resume && journaled)
    throw UsageError(
        fmt::format("{} already holds a run; pass --resume to continue it or choose another --out", path().string()));
  folder_.record("cells.jsonl");
  if (options.resume)
    resume_from_journal(matrix, options.force);
  else
    results::start_journal(journal(), {matrix.name, matrix.inputs_sha256});
}

void RunDirectory::resume_from_journal(const config::Matrix& matrix, bool force) {
  auto& terminal = Terminal::instance();
  auto& contents = resumed_;
  contents = results::read_journal(journal());
  for (const auto& problem : contents.problems) terminal.warning(problem);
  bool same_inputs = contents.header && contents.header->inputs_sha256 == matrix.inputs_sha256;
  if (!same_inputs) {
    std::string why = contents.header ? "was written for other inputs: the matrix file or a workload file has "
                                        "changed since"
                                      : "does not say which matrix it belongs to (an older gilmatrix wrote it)";
    if (!force)
      throw UsageError(
          fmt::format("--resume: {} {}; its {} cells would be mixed with cells measured differently. "
                      "Start a new run with another --out, or add --force to keep them anyway",
                      journal().string(), why, contents.cells.size()));
    terminal.warning(
        fmt::format("--force: keeping the {} cells of {}, which {}", contents.cells.size(), journal().string(), why));
  }
  // Damaged lines go, a cut last line cannot swallow the next record, and the
  // header names the inputs from now on.
  if (!same_inputs || !contents.problems.empty())
    results::rewrite_journal(journal(), {matrix.name, matrix.inputs_sha256}, contents);
}

}  // namespace gm::pipeline
