#pragma once
#include <filesystem>
#include <memory>
#include <string>

#include "config/matrix.hpp"
#include "results/journal.hpp"
#include "results/model.hpp"
#include "util/output_folder.hpp"
#include "util/owner_lock.hpp"

namespace gm::pipeline {

// The output directory of `gilmatrix run` (--out): gilmatrix's own output
// folder (util/output_folder.hpp), owned by one run at a time, and holding the
// journal of the cells measured so far.
class RunDirectory {
 public:
  struct Options {
    bool resume = false;  // continue the run whose journal is there
    // Write into a non-empty directory gilmatrix did not make; with `resume`,
    // also resume even though the matrix or a workload file changed.
    bool force = false;
    std::string command;  // this run's command line, shown to a run that finds the directory taken
  };

  // Takes the directory, creating it. Throws UsageError when it is not empty
  // and gilmatrix did not make it (no marker, and no journal to resume) and
  // `force` is not set; InfraError naming the other run when one holds it;
  // UsageError when it holds a finished or interrupted run
  // and `resume` is not set, when `resume` finds nothing to resume, or when
  // the journal was written for other inputs (config::Matrix::inputs_sha256)
  // and `force` is not set. A fresh run writes the journal's header at once,
  // so a Ctrl-C at any later moment leaves a directory --resume accepts.
  RunDirectory(std::filesystem::path dir, const config::Matrix& matrix, const Options& options);

  const std::filesystem::path& path() const { return folder_.path(); }
  OutputFolder& folder() { return folder_; }
  std::filesystem::path journal() const { return folder_ / "cells.jsonl"; }

  // What earlier runs measured and learnt (empty unless resuming); damaged lines already reported.
  const results::Journal& resumed() const { return resumed_; }

 private:
  void resume_from_journal(const config::Matrix& matrix, bool force);

  OutputFolder folder_;
  std::unique_ptr<OwnerLock> lock_;
  results::Journal resumed_;
};

}  // namespace gm::pipeline
