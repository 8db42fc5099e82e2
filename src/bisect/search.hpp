#pragma once
// The search of a bisect over a range of commits: index 0 is the good end,
// the last index the bad end, each already decided, and parents come before
// their children. The range is a line (first parents: each commit's parent is
// the one before it) or, with --all-parents, a graph with merges. It knows
// nothing of git, builds or measurements: it takes each tested commit's
// verdict and says which commit to test next, and in the end what the range
// allows one to say. A commit that could not be built is skipped (as with
// `git bisect skip`); one whose measurement could not be placed on either
// side within its budget is undecided. Neither is ever guessed.
//
// As in `git bisect`: the first bad commit is looked for among the ancestors
// of the latest bad commit (itself included) that are not ancestors of a good
// one; a good commit makes all its ancestors good. A graph holds each
// commit's ancestors as a bit set (n^2/8 bytes: 28 MB for 15,000 commits); a
// line holds nothing but the verdicts.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace gm::bisect {

enum class Verdict { untested, good, bad, skipped, undecided };

struct Answer {
  enum class Kind {
    found,   // first_bad is the first bad commit: its parents are good
    hidden,  // the first bad commit is first_bad or one of `hidden`, which were skipped or undecided
  };
  Kind kind = Kind::found;
  std::size_t first_bad = 0;        // found: the first bad commit; hidden: the earliest commit known bad
  std::size_t last_good = 0;        // a good commit just before them (found: first_bad's first parent in the range)
  std::vector<std::size_t> hidden;  // hidden: the commits that may be the first bad one and could not be decided
  bool any_skipped = false;         // hidden: some of them did not build
  bool any_undecided = false;       // hidden: some of them were measured without a decision
};

// Each commit's parents inside a range, by index (parents outside it are
// ancestors of the good end). `linear`: a first-parent line of `commits`.
using Parents = std::vector<std::vector<std::size_t>>;
Parents linear(std::size_t commits);

class Search {
 public:
  // At least 2 commits: the two ends, good and bad. Each parent index is
  // below its child's. A std::invalid_argument otherwise.
  explicit Search(Parents parents);
  explicit Search(std::size_t commits) : Search(linear(commits)) {}

  // The verdict of a commit that may still be the first bad one (a verdict
  // on any other says nothing new and is refused).
  void record(std::size_t commit, Verdict verdict);

  // The commit to test next: the untested one that splits the commits still
  // open most evenly into its ancestors and the rest (on a line: the one
  // nearest the middle, the lower of two as near). None when nothing open is
  // left untested: answer() then says what was found.
  std::optional<std::size_t> next() const;

  Answer answer() const;

  // How many commits other than the latest bad one may still be the first bad commit.
  std::size_t left() const;
  bool open(std::size_t commit) const;
  Verdict verdict_of(std::size_t commit) const { return verdicts_.at(commit); }
  std::size_t size() const { return verdicts_.size(); }

 private:
  using Bits = std::vector<std::uint64_t>;
  bool in(const Bits& bits, std::size_t c) const { return (bits[c / 64] >> (c % 64)) & 1U; }
  bool descends(std::size_t commit, std::size_t ancestor) const;  // ancestor is commit or one of its ancestors
  bool good(std::size_t commit) const;                            // tested good, or an ancestor of one
  std::size_t open_ancestors(std::size_t commit) const;           // open commits among it and its ancestors

  Parents parents_;
  std::vector<Verdict> verdicts_;
  std::size_t bad_;  // the latest bad commit
  // A line (first parents) needs no more: commits 0..good_upto_ are good.
  bool linear_ = true;
  std::size_t good_upto_ = 0;
  // A graph: each commit's ancestors, itself included, and the commits known good.
  std::vector<Bits> ancestry_;
  Bits good_;
};

}  // namespace gm::bisect
