#pragma once
// The search of a bisect over a range of commits, oldest first: index 0 is
// the good end, the last index the bad end, each already decided. It knows
// nothing of git, builds or measurements: it takes each tested commit's
// verdict and says which commit to test next, and in the end what the range
// allows one to say. A commit that could not be built is skipped (as with
// `git bisect skip`); one whose measurement could not be placed on either
// side within its budget is undecided. Neither is ever guessed.
#include <cstddef>
#include <optional>
#include <vector>

namespace gm::bisect {

enum class Verdict { untested, good, bad, skipped, undecided };

struct Answer {
  enum class Kind {
    found,   // first_bad is the first bad commit: the one before it is good
    hidden,  // the first bad commit is one of (low, high]: the commits between were skipped or undecided
  };
  Kind kind = Kind::found;
  std::size_t first_bad = 0;   // found: the first bad commit; hidden: the first commit known bad
  std::size_t last_good = 0;   // the last commit known good
  bool any_skipped = false;    // hidden: some commit in the range did not build
  bool any_undecided = false;  // hidden: some commit's measurement decided nothing
};

class Search {
 public:
  // `commits` at least 2: the two ends, good and bad.
  explicit Search(std::size_t commits);

  // The verdict of a commit strictly between the last good and the first bad
  // one known (a verdict outside that range says nothing new and is refused).
  void record(std::size_t commit, Verdict verdict);

  // The commit to test next: the untested one nearest the middle of the
  // range still open (the lower of two as near). None when nothing in the
  // range is left untested: answer() then says what was found.
  std::optional<std::size_t> next() const;

  Answer answer() const;

  std::size_t last_good() const { return last_good_; }
  std::size_t first_bad() const { return first_bad_; }
  Verdict verdict_of(std::size_t commit) const { return verdicts_.at(commit); }
  std::size_t size() const { return verdicts_.size(); }

 private:
  std::vector<Verdict> verdicts_;
  std::size_t last_good_ = 0;
  std::size_t first_bad_;
};

}  // namespace gm::bisect
