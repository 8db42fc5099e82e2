#include "measure/paired_group.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "results/paired.hpp"
#include "results/plausibility.hpp"
#include "results/statistics.hpp"

namespace gm::measure {

namespace {

const results::CellResult* baseline_member(const std::vector<CellMeasurement*>& members, const config::Cell& cell) {
  for (const auto* m : members)
    if (!m->failed() && m->cell().workers == 1 && m->cell().series_key() == cell.series_key() && m->kept_samples() > 0)
      return &m->result();
  return nullptr;
}

}  // namespace

PairedGroup::PairedGroup(std::string name, std::vector<CellMeasurement*> members, std::vector<OverheadPair> overhead,
                         MeasurePolicy policy, std::uint64_t seed)
    : name_(std::move(name)),
      members_(std::move(members)),
      overhead_(std::move(overhead)),
      policy_(policy),
      order_engine_(seed) {
  for (auto* m : members_) m->set_round_group(name_);
}

std::vector<std::size_t> PairedGroup::next_round() {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < members_.size(); ++i)
    if (measuring(i)) order.push_back(i);
  std::shuffle(order.begin(), order.end(), order_engine_);
  return order;
}

int PairedGroup::next_samples() const {
  const int per_round = std::max(1, policy_.samples_per_round);
  if (policy_.repeats.automatic) return per_round;
  return std::clamp(policy_.repeats.count - samples_taken_, 1, per_round);
}

double PairedGroup::measured_seconds() const {
  double total = 0;
  for (const auto* m : members_) total += m->measured_seconds();
  return total;
}

double PairedGroup::budget_seconds() const { return policy_.budget_seconds() * static_cast<double>(members_.size()); }

PairedGroup::Next PairedGroup::add_round(const std::vector<std::size_t>& order, const std::vector<Round>& rounds) {
  last_round_seconds_ = 0;
  std::vector<std::size_t> measured;  // positions in `order` whose round measured
  for (std::size_t i = 0; i < order.size() && i < rounds.size(); ++i) {
    last_round_seconds_ += rounds[i].outcome.wall_seconds;
    if (!members_[order[i]]->record_failure(rounds[i])) measured.push_back(i);
  }
  rounds_seconds_ += last_round_seconds_;
  if (measured.empty()) {
    bool any_left = false;
    for (std::size_t i = 0; i < members_.size(); ++i) any_left = any_left || measuring(i);
    if (!any_left) {
      finished_ = true;
      return Next::done;
    }
    return Next::measure_more;
  }
  auto disturbed = std::find_if(measured.begin(), measured.end(),
                                [&](std::size_t i) { return members_[order[i]]->disturbed(rounds[i]); });
  if (disturbed != measured.end()) {
    const auto& culprit = rounds[*disturbed];
    const auto& culprit_cell = members_[order[*disturbed]]->cell();
    for (std::size_t i : measured) {
      auto* member = members_[order[i]];
      std::string note = "disturbed: ";
      if (member->disturbed(rounds[i]))
        note += describe_interference(rounds[i].load, rounds[i].watched);
      else
        note += fmt::format("{} while {} ran in the same round; the whole round is set aside so its ratios stay paired",
                            describe_interference(culprit.load, culprit.watched), culprit_cell.key());
      member->set_aside(rounds[i], round_counter_, std::move(note));
    }
    ++round_counter_;
    ++consecutive_disturbed_;
    if (consecutive_disturbed_ < policy_.settings.attempts) return Next::retry_later;
    if (kept_rounds_ > 0) {
      conclude(fmt::format("{} rounds: {} further rounds were disturbed", kept_rounds_, consecutive_disturbed_));
    } else {
      keep_least_disturbed_round();
    }
    return Next::done;
  }
  for (std::size_t i : measured) members_[order[i]]->keep(rounds[i], round_counter_);
  ++round_counter_;
  ++kept_rounds_;
  samples_taken_ += static_cast<int>(rounds[measured.front()].outcome.result.samples.size());
  consecutive_disturbed_ = 0;
  return after_kept();
}

PairedGroup::Next PairedGroup::after_kept() {
  bool any_left = false;
  for (std::size_t i = 0; i < members_.size(); ++i) any_left = any_left || measuring(i);
  if (!any_left) {
    finished_ = true;
    return Next::done;
  }
  const auto rounds_text = taken_text();
  if (!policy_.repeats.automatic) {
    if (samples_taken_ < policy_.repeats.count) return Next::measure_more;
    conclude(rounds_text + ", as the matrix asks");
    return Next::done;
  }
  if (samples_taken_ < policy_.repeats.count || kept_rounds_ < kMinimumAutoRounds) return Next::measure_more;
  const double widest = widest_half_width();
  if (widest <= policy_.settings.precision)
    conclude(fmt::format("{}: every compared figure within ±{:.1f}%", rounds_text, widest * 100));
  else if (measured_seconds() >= budget_seconds())
    conclude(fmt::format("{}: the group's budget of {:.0f}s was spent at ±{:.1f}% (target ±{:.1f}%)", rounds_text,
                         budget_seconds(), widest * 100, policy_.settings.precision * 100));
  else if (samples_taken_ >= policy_.max_samples)
    conclude(fmt::format("{}: the most allowed, at ±{:.1f}% (target ±{:.1f}%)", rounds_text, widest * 100,
                         policy_.settings.precision * 100));
  else
    return Next::measure_more;
  return Next::done;
}

std::vector<ComparedFigure> PairedGroup::compared() const {
  std::vector<ComparedFigure> out;
  for (const auto* m : members_) {
    if (m->failed() || m->cell().workers < 2 || m->kept_samples() == 0) continue;
    const auto* base = baseline_member(members_, m->cell());
    if (!base) continue;
    if (auto ratio = results::paired_ratio(*base, m->result(), results::round_seconds, m->cell().workers))
      out.push_back({m->cell().key() + " speedup", ratio->estimate,
                     results::relative_half_width(ratio->estimate, ratio->interval)});
  }
  for (const auto& pair : overhead_) {
    const auto* ft = members_[pair.free_threaded];
    const auto* gil = members_[pair.gil];
    if (ft->failed() || gil->failed()) continue;
    std::optional<results::PairedRatio> time;
    if (results::overhead_in_cpu_time(ft->result(), gil->result()))
      time = results::paired_ratio(ft->result(), gil->result(), results::cpu_per_unit, 1);
    if (!time) time = results::paired_ratio(ft->result(), gil->result(), results::wall_per_unit, 1);
    const auto memory = results::paired_ratio(ft->result(), gil->result(), results::round_rss, 1);
    // Overhead is judged in points.
    if (time)
      out.push_back({fmt::format("{} over {} time per unit", ft->cell().build, gil->cell().build), time->estimate,
                     results::half_width_points(time->interval)});
    if (memory)
      out.push_back({fmt::format("{} over {} peak memory", ft->cell().build, gil->cell().build), memory->estimate,
                     results::half_width_points(memory->interval)});
  }
  if (!out.empty()) return out;
  // Nothing compared within the group (a lone cell): its own median.
  for (const auto* m : members_)
    if (!m->failed() && m->kept_samples() > 0)
      out.push_back({m->cell().key() + " median", m->result().median_seconds,
                     results::relative_half_width(m->result().median_seconds, m->result().median_interval)});
  return out;
}

BudgetCandidate PairedGroup::budget_candidate() const {
  if (finished_) return {0, 0};
  const double widest = widest_half_width();  // the compared figures' intervals, computed once
  const double shortfall = policy_.settings.precision > 0 ? widest / policy_.settings.precision : widest;
  if (policy_.settings.precision <= 0 || last_round_seconds_ <= 0)
    return {std::numeric_limits<double>::infinity(), shortfall};
  const int kept = std::max(1, kept_rounds_);
  const double rounds = std::ceil(kept * shortfall * shortfall) - kept;
  const double seconds = std::max(1.0, rounds) * last_round_seconds_;
  const double own_left = budget_seconds() - measured_seconds();
  return {seconds <= own_left ? seconds : std::numeric_limits<double>::infinity(), shortfall};
}

// Every round was disturbed: the one whose worst member was disturbed least
// is published, flagged, for every member alike, so its ratios stay paired.
void PairedGroup::keep_least_disturbed_round() {
  int best = -1;
  double best_interference = 0;
  for (int round = 0; round < round_counter_; ++round) {
    double worst = -1;
    for (const auto* m : members_)
      if (!m->failed()) worst = std::max(worst, m->interference_of(round));
    if (worst >= 0 && (best < 0 || worst < best_interference)) {
      best = round;
      best_interference = worst;
    }
  }
  for (auto* m : members_)
    if (!m->failed()) m->keep_disturbed(best, fmt::format("{} attempts, all disturbed", consecutive_disturbed_));
  finished_ = true;
}

double PairedGroup::widest_half_width() const {
  double widest = 0;
  for (const auto& f : compared()) widest = std::max(widest, f.half_width);
  return widest;
}

std::string PairedGroup::taken_text() const {
  return fmt::format("{} sample{} in {} paired round{}", samples_taken_, samples_taken_ == 1 ? "" : "s", kept_rounds_,
                     kept_rounds_ == 1 ? "" : "s");
}

void PairedGroup::conclude(const std::string& why) {
  for (auto* m : members_)
    if (!m->failed()) m->set_stop_reason(why);
  finished_ = true;
}

void PairedGroup::stop(const std::string& why) {
  if (finished_) return;
  const double widest = widest_half_width();
  conclude(fmt::format("{}: {} at ±{:.1f}% (target ±{:.1f}%)", taken_text(), why, widest * 100,
                       policy_.settings.precision * 100));
}

bool PairedGroup::restart_if_implausible() {
  if (restarted_) return false;
  for (const auto* m : members_) {
    const auto& cell = m->cell();
    if (m->failed() || cell.workers < 2) continue;
    const auto* base = baseline_member(members_, cell);
    if (!base) continue;
    auto ratio = results::paired_ratio(*base, m->result(), results::round_seconds, cell.workers);
    if (!ratio) continue;
    const auto ceiling = results::broken_ceiling(m->result(), *base, policy_.settings.plausible_margin, ratio->estimate,
                                                 ratio->interval);
    if (!ceiling) continue;
    const auto why = results::ceiling_text(*ceiling, cell.workers, ratio->estimate);
    for (auto* member : members_) {
      if (member->failed()) continue;
      member->restart(member->cell().workers == 1 && member->cell().series_key() == cell.series_key()
                          ? "baseline measured again: " + why
                          : "measured again with the group: " + why);
    }
    restarted_ = true;
    finished_ = false;
    kept_rounds_ = 0;
    samples_taken_ = 0;
    consecutive_disturbed_ = 0;
    return true;
  }
  return false;
}

}  // namespace gm::measure
