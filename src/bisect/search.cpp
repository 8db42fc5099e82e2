#include "bisect/search.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

namespace gm::bisect {

Parents linear(std::size_t commits) {
  Parents parents(commits);
  for (std::size_t c = 1; c < commits; ++c) parents[c] = {c - 1};
  return parents;
}

Search::Search(Parents parents)
    : parents_(std::move(parents)), verdicts_(parents_.size(), Verdict::untested), bad_(parents_.size() - 1) {
  const std::size_t n = parents_.size();
  if (n < 2) throw std::invalid_argument("a bisect needs its good and its bad end");
  linear_ = parents_[0].empty();
  for (std::size_t c = 0; c < n; ++c) {
    for (auto p : parents_[c])
      if (p >= c) throw std::invalid_argument("bisect: a parent must come before its child");
    if (c > 0) linear_ = linear_ && parents_[c] == std::vector<std::size_t>{c - 1};
  }
  verdicts_.front() = Verdict::good;
  verdicts_.back() = Verdict::bad;
  if (linear_) return;  // ancestry is the order itself: nothing to hold (a first-parent range may be long)
  const std::size_t words = (n + 63) / 64;
  ancestry_.assign(n, Bits(words, 0));
  for (std::size_t c = 0; c < n; ++c) {
    ancestry_[c][c / 64] |= std::uint64_t{1} << (c % 64);
    for (auto p : parents_[c])
      for (std::size_t w = 0; w < words; ++w) ancestry_[c][w] |= ancestry_[p][w];
  }
  if (!in(ancestry_[bad_], 0)) throw std::invalid_argument("bisect: the bad end must descend from the good end");
  good_ = ancestry_[0];
}

bool Search::descends(std::size_t commit, std::size_t ancestor) const {
  return linear_ ? ancestor <= commit : in(ancestry_[commit], ancestor);
}

bool Search::good(std::size_t commit) const { return linear_ ? commit <= good_upto_ : in(good_, commit); }

bool Search::open(std::size_t commit) const { return commit < size() && descends(bad_, commit) && !good(commit); }

std::size_t Search::open_ancestors(std::size_t commit) const {
  if (linear_) return std::min(commit, bad_) > good_upto_ ? std::min(commit, bad_) - good_upto_ : 0;
  std::size_t count = 0;
  const auto& bits = ancestry_[commit];
  for (std::size_t w = 0; w < bits.size(); ++w) count += std::popcount(bits[w] & ancestry_[bad_][w] & ~good_[w]);
  return count;
}

std::size_t Search::left() const { return open_ancestors(bad_) - 1; }

void Search::record(std::size_t commit, Verdict verdict) {
  if (!open(commit) || commit == bad_ || verdict == Verdict::untested)
    throw std::invalid_argument("bisect: commit " + std::to_string(commit) +
                                " cannot be the first bad commit any more: its verdict says nothing new");
  verdicts_[commit] = verdict;
  if (verdict == Verdict::good) {
    if (linear_)
      good_upto_ = std::max(good_upto_, commit);
    else
      for (std::size_t w = 0; w < good_.size(); ++w) good_[w] |= ancestry_[commit][w];
  }
  if (verdict == Verdict::bad) bad_ = commit;
}

std::optional<std::size_t> Search::next() const {
  const std::size_t open_count = left() + 1;
  std::optional<std::size_t> best;
  std::size_t best_split = 0;
  for (std::size_t c = 0; c < bad_; ++c) {
    if (verdicts_[c] != Verdict::untested || !open(c)) continue;
    // Good makes its open ancestors good, bad leaves only them: the smaller side is what the test surely rules out.
    const std::size_t below = open_ancestors(c);
    const std::size_t split = std::min(below, open_count - below);
    if (!best || split > best_split) {
      best = c;
      best_split = split;
    }
  }
  return best;
}

Answer Search::answer() const {
  Answer a;
  a.first_bad = bad_;
  for (std::size_t c = 0; c < bad_; ++c) {
    if (!open(c)) continue;
    a.hidden.push_back(c);
    a.any_skipped = a.any_skipped || verdicts_[c] == Verdict::skipped;
    a.any_undecided = a.any_undecided || verdicts_[c] == Verdict::undecided;
  }
  if (a.hidden.empty()) {
    // Found: every parent in the range is good (one outside it is an ancestor of the good end, as is index 0).
    if (!parents_[bad_].empty()) a.last_good = parents_[bad_].front();
    return a;
  }
  a.kind = Answer::Kind::hidden;
  // The latest good commit that the earliest hidden one descends from.
  for (std::size_t c = a.hidden.front(); c-- > 0;)
    if (good(c) && descends(a.hidden.front(), c)) {
      a.last_good = c;
      break;
    }
  return a;
}

}  // namespace gm::bisect
