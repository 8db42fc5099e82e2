#pragma once
// The journal of a bisect, for both forms: bisect.json in --out, written
// after every step (it is also the answer's JSON), and read back by --resume
// so that the commits tested before are neither built, installed nor
// measured again. A bisect without a folder keeps no journal.
#include <filesystem>

#include "bisect/result.hpp"

namespace gm::pipeline {

class BisectJournal {
 public:
  explicit BisectJournal(std::filesystem::path out_dir) : out_dir_(std::move(out_dir)) {}

  // --resume: the commits an earlier run of this bisect tested, onto `out`
  // (whose range, subject and `when` are this run's), and says so on the
  // terminal. False when there is no journal yet; a UsageError when it is
  // unreadable or another bisect's.
  bool restore(bisect::Result& out) const;

  // Writes `out` as it stands (nothing without a folder).
  void save(const bisect::Result& out) const;

  std::filesystem::path file() const { return out_dir_ / "bisect.json"; }

 private:
  std::filesystem::path out_dir_;
};

}  // namespace gm::pipeline
