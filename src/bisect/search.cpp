#include "bisect/search.hpp"

#include <stdexcept>
#include <string>

namespace gm::bisect {

Search::Search(std::size_t commits) : verdicts_(commits, Verdict::untested), first_bad_(commits - 1) {
  if (commits < 2) throw std::invalid_argument("a bisect needs its good and its bad end");
  verdicts_.front() = Verdict::good;
  verdicts_.back() = Verdict::bad;
}

void Search::record(std::size_t commit, Verdict verdict) {
  if (commit <= last_good_ || commit >= first_bad_ || verdict == Verdict::untested)
    throw std::invalid_argument("bisect: commit " + std::to_string(commit) + " is outside the open range (" +
                                std::to_string(last_good_) + ", " + std::to_string(first_bad_) + ")");
  verdicts_[commit] = verdict;
  if (verdict == Verdict::good) last_good_ = commit;
  if (verdict == Verdict::bad) first_bad_ = commit;
}

std::optional<std::size_t> Search::next() const {
  // Twice the middle, to keep half-way points exact.
  const std::size_t middle2 = last_good_ + first_bad_;
  std::optional<std::size_t> best;
  std::size_t best_distance = 0;
  for (std::size_t c = last_good_ + 1; c < first_bad_; ++c) {
    if (verdicts_[c] != Verdict::untested) continue;
    const std::size_t distance = 2 * c > middle2 ? 2 * c - middle2 : middle2 - 2 * c;
    if (!best || distance < best_distance) {
      best = c;
      best_distance = distance;
    }
  }
  return best;
}

Answer Search::answer() const {
  Answer a;
  a.last_good = last_good_;
  a.first_bad = first_bad_;
  if (first_bad_ == last_good_ + 1) return a;
  a.kind = Answer::Kind::hidden;
  for (std::size_t c = last_good_ + 1; c < first_bad_; ++c) {
    a.any_skipped = a.any_skipped || verdicts_[c] == Verdict::skipped;
    a.any_undecided = a.any_undecided || verdicts_[c] == Verdict::undecided;
  }
  return a;
}

}  // namespace gm::bisect
