#pragma once
// Interleaved, paired rounds for the cells that are compared with each other
// (results/paired.hpp says how the ratios are taken).
//
// A group is the cells of one workload and executor on one build and its
// free-threaded twin: every series' 1-worker baseline and N-worker cells, and
// both builds' 1-worker cells, whose ratio is the free-threading overhead. A
// round measures every cell of the group once, in random order, a few samples
// each. A round in which any cell was disturbed is set aside whole, so every
// kept round has both sides of every ratio. With repeats = "auto", rounds are
// added until each compared figure's 95% interval is within the precision
// target, or the group's budget is spent.
//
// The policy only decides; running processes is the caller's, so it is tested
// with fake rounds and a fake drifting machine.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "measure/budget_choice.hpp"
#include "measure/cell_measurement.hpp"

namespace gm::measure {

// Members (indexes into the group) whose 1-worker cells give an overhead figure.
struct OverheadPair {
  std::size_t free_threaded = 0;
  std::size_t gil = 0;
};

// One figure the group is measured for and how precisely it is known.
struct ComparedFigure {
  std::string what;  // "3.14t/cpu/threads/default/x2 speedup", "3.14t over 3.14 CPU time"
  double estimate = 0;
  double half_width = 1;  // relative: 0.03 is +-3%
};

class PairedGroup {
 public:
  enum class Next { done, measure_more, retry_later };

  PairedGroup(std::string name, std::vector<CellMeasurement*> members, std::vector<OverheadPair> overhead,
              MeasurePolicy policy, std::uint64_t seed);

  const std::string& name() const { return name_; }
  const std::vector<CellMeasurement*>& members() const { return members_; }
  // The members to measure in the next round, in a fresh random order.
  std::vector<std::size_t> next_round();
  // Samples each member takes in the next round.
  int next_samples() const;
  // The rounds of the members next_round() gave, in its order.
  Next add_round(const std::vector<std::size_t>& order, const std::vector<Round>& rounds);

  std::vector<ComparedFigure> compared() const;
  // What the run's budget weighs the group by (measure/budget_choice): how far
  // its least precise compared figure is from the target (2 = twice as wide),
  // and the seconds of rounds still expected before every figure is within it
  // (a half-width shrinks like 1 / sqrt(rounds)) inside the group's own
  // budget, infinite when that is out of reach. Both 0 when done.
  BudgetCandidate budget_candidate() const;
  double shortfall() const { return budget_candidate().shortfall; }
  double seconds_to_target() const { return budget_candidate().seconds_to_target; }
  bool finished() const { return finished_; }
  int kept_rounds() const { return kept_rounds_; }
  int disturbed_rounds() const { return consecutive_disturbed_; }
  double measured_seconds() const;
  double budget_seconds() const;
  double last_round_seconds() const { return last_round_seconds_; }
  double rounds_seconds() const { return rounds_seconds_; }  // wall time of every round so far
  // Ends an unfinished group: the run's budget is spent.
  void stop(const std::string& why);
  // Once: a speedup above what its workers can give sends the whole group
  // back to be measured again. True when it did.
  bool restart_if_implausible();

 private:
  void conclude(const std::string& why);
  void keep_least_disturbed_round();
  std::string taken_text() const;
  double widest_half_width()
      const;  // of the compared figures; 0 when there are none  // "6 samples in 3 paired rounds"
  bool measuring(std::size_t member) const { return !members_[member]->failed(); }
  Next after_kept();

  std::string name_;
  std::vector<CellMeasurement*> members_;
  std::vector<OverheadPair> overhead_;
  MeasurePolicy policy_;
  std::mt19937_64 order_engine_;
  int round_counter_ = 0;  // every round so far, kept or set aside: its number in the attempts
  int kept_rounds_ = 0;
  int samples_taken_ = 0;  // per member, over kept rounds
  int consecutive_disturbed_ = 0;
  double last_round_seconds_ = 0;
  double rounds_seconds_ = 0;
  bool finished_ = false;
  bool restarted_ = false;
};

// Rounds a group needs before its figures are judged: an interval from fewer says little.
inline constexpr int kMinimumAutoRounds = 3;

}  // namespace gm::measure
