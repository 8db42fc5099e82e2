#include "report/bisect_output.hpp"

#include <algorithm>
#include <ctime>
#include <map>

#include <fmt/format.h>

#include "report/github_commands.hpp"
#include "report/markdown_text.hpp"
#include "report/svg_chart.hpp"
#include "util/strings.hpp"
#include "util/text_table.hpp"

namespace gm::report {

namespace {

std::string date_of(const sources::CommitSummary& commit) {
  std::time_t time = commit.author_time;
  std::tm utc{};
  gmtime_r(&time, &utc);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
  return text;
}

std::string role_of(std::size_t position) {
  if (position == 0) return "good end";
  if (position == 1) return "bad end";
  return fmt::format("step {}", position - 1);
}

// What was bisected, as a heading: "pyrsistent on 3.13t, by its verdict",
// "/src/cpython (build main), by the speedup of main/zlib-compress/threads/default/x2".
std::string subject_of(const bisect::Result& result) {
  if (result.build.empty()) return fmt::format("{} on {}, by its {}", result.repo, result.python, result.when);
  if (result.cell.empty()) return fmt::format("{} (build {}), by its {}", result.repo, result.build, result.when);
  return fmt::format("{} (build {}), by the {} of {}", result.repo, result.build, result.when, result.cell);
}

// Why the commits of a hidden range could not be decided.
std::string hidden_because(const bisect::Result& result) {
  const auto& a = *result.answer;
  bool not_built = false, not_installed = false;
  for (const auto& t : result.tested) {
    if (t.verdict != bisect::Verdict::skipped || std::find(a.hidden.begin(), a.hidden.end(), t.index) == a.hidden.end())
      continue;
    not_built = not_built || t.result == bisect::kDoesNotBuild;
    not_installed = not_installed || t.result != bisect::kDoesNotBuild;
  }
  std::string skipped = not_built && not_installed ? "some did not build or install"
                        : not_built                ? "they did not build"
                        : not_installed            ? "they did not install"
                                                   : "";
  if (a.any_skipped && a.any_undecided) return skipped + "; some were undecided";
  return a.any_skipped ? skipped : "undecided";
}

// The answer in one sentence (none when the search did not end).
std::string answer_sentence(const bisect::Result& result) {
  if (!result.answer) return result.stop_reason;
  const auto& a = *result.answer;
  const auto& first_bad = result.range[a.first_bad];
  const auto& last_good = result.range[a.last_good];
  if (a.kind == bisect::Answer::Kind::found) {
    std::vector<std::string> parents;
    for (const auto& p : first_bad.parents) parents.push_back(p.substr(0, 12));
    std::string before = parents.empty() ? "it has no parent"
                         : result.all_parents && parents.size() > 1
                             ? fmt::format("it is a merge, and its parents {} are good", join(parents, ", "))
                             : fmt::format("the commit before it, {}, is good", parents.front());
    if (!result.all_parents && parents.size() > 1)
      before += "; it is a merge: --all-parents bisects the branch it brought in";
    return fmt::format("first bad commit: {} \"{}\" ({}); {}", first_bad.id, first_bad.subject, date_of(first_bad),
                       before);
  }
  std::vector<std::string> hidden;
  for (auto c : a.hidden) hidden.push_back(result.range[c].short_id());
  return fmt::format(
      "the first bad commit is one of {} commits after {} (good) up to {} (bad): {} could not be "
      "decided ({}), so the range cannot be split further",
      a.hidden.size() + 1, last_good.short_id(), first_bad.short_id(), join(hidden, ", "), hidden_because(result));
}

}  // namespace

std::string step_cost(const bisect::TestedCommit& t) {
  if (t.result == bisect::kDoesNotBuild)
    return t.build_seconds > 0 ? fmt::format("the build failed after {:.0f}s", t.build_seconds)
                               : std::string("its build failed before: not built again");
  if (t.build_seconds == 0 && t.measurements == 0) return fmt::format("{:.0f}s", t.seconds);
  std::string cost = t.build_seconds > 0 ? fmt::format("built in {:.0f}s", t.build_seconds) : "build from the cache";
  if (t.measurements > 0)
    cost += fmt::format(", {} measurement{} in {:.0f}s", t.measurements, t.measurements == 1 ? "" : "s",
                        t.seconds - t.build_seconds);
  return cost;
}

std::string bisect_text(const bisect::Result& result) {
  std::string out = fmt::format("bisect of {}: {} commits {}, {} tested\n", subject_of(result), result.range.size(),
                                bisect::walk_words(result), result.tested.size());
  using Align = TextTable::Align;
  TextTable table({Align::left, Align::left, Align::left, Align::left, Align::left, Align::left}, "  ");
  for (std::size_t i = 0; i < result.tested.size(); ++i) {
    const auto& t = result.tested[i];
    const auto& commit = result.range[t.index];
    table.add_row({role_of(i), commit.short_id(), bisect::to_string(t.verdict),
                   t.result + (t.detail.empty() ? "" : ": " + t.detail), "(" + step_cost(t) + ")",
                   "\"" + commit.subject + "\""});
  }
  out += table.render();
  out += answer_sentence(result) + "\n";
  if (!result.reproduce.empty()) out += "reproduce: " + result.reproduce + "\n";
  return printable(out);
}

std::string bisect_markdown(const bisect::Result& result) {
  std::string out = fmt::format("## Bisect of {}\n\n{} commits {}, {} tested.\n\n", escape_inline(subject_of(result)),
                                result.range.size(), bisect::walk_words(result), result.tested.size());
  out += "| | commit | subject | verdict | result | time |\n" + table_separator(6);
  for (std::size_t i = 0; i < result.tested.size(); ++i) {
    const auto& t = result.tested[i];
    const auto& commit = result.range[t.index];
    out += fmt::format("| {} | `{}` | {} | {} | {} | {} |\n", role_of(i), commit.short_id(),
                       escape_inline(commit.subject), bisect::to_string(t.verdict),
                       escape_inline(t.result + (t.detail.empty() ? "" : ": " + t.detail)), step_cost(t));
  }
  out += "\n**" + escape_inline(answer_sentence(result)) + "**\n";
  if (!result.reproduce.empty()) out += "\nReproduce the deciding measurement: `" + result.reproduce + "`\n";
  return out;
}

std::string bisect_annotation(const bisect::Result& result) {
  const bool found = result.answer && result.answer->kind == bisect::Answer::Kind::found;
  return annotation(found ? AnnotationLevel::notice : AnnotationLevel::warning,
                    found ? "first bad commit" : "bisect undecided", answer_sentence(result));
}

nlohmann::json bisect_json(const bisect::Result& result) {
  nlohmann::json tested = nlohmann::json::array();
  for (const auto& t : result.tested) {
    nlohmann::json one = {{"commit", result.range[t.index].id}};
    bisect::json_write_members(one, t);
    json_record::omit_defaults<bisect::TestedCommit>(one);
    tested.push_back(std::move(one));
  }
  nlohmann::json j = {
      {"repo", result.repo},   {"when", result.when}, {"all_parents", result.all_parents},
      {"range", result.range}, {"tested", tested},    {"exit_code", static_cast<int>(result.exit_code)}};
  if (result.build.empty()) {
    j["python"] = result.python;
  } else {
    j["build"] = result.build;
    j["cell"] = result.cell;
    j["reproduce"] = result.reproduce;
  }
  if (result.answer) {
    const auto& a = *result.answer;
    j["answer"] = {{"kind", a.kind == bisect::Answer::Kind::found ? "found" : "hidden"},
                   {"first_bad", result.range[a.first_bad].id},
                   {"last_good", result.range[a.last_good].id}};
    if (a.kind == bisect::Answer::Kind::hidden) {
      j["answer"]["hidden"] = nlohmann::json::array();
      for (auto c : a.hidden) j["answer"]["hidden"].push_back(result.range[c].id);
    }
  } else {
    j["stop_reason"] = result.stop_reason;
  }
  j["summary"] = answer_sentence(result);
  return j;
}

std::string bisect_chart_svg(const bisect::Result& result) {
  std::vector<const bisect::TestedCommit*> valued;
  for (const auto& t : result.tested)
    if (t.value) valued.push_back(&t);
  if (valued.empty()) return "";
  std::sort(valued.begin(), valued.end(), [](auto* a, auto* b) { return a->index < b->index; });
  LineChart chart;
  chart.title = fmt::format("{} of {} along {}'s history", result.when, result.cell, result.build);
  chart.x_label = fmt::format("commit, oldest first ({} in the range)", result.range.size());
  chart.y_label = result.when == "speedup" ? "speedup (x)" : "seconds";
  ChartSeries good{"good", {}, 0}, bad{"bad", {}, 1}, undecided{"undecided (hollow)", {}, 2};
  for (const auto* t : valued) {
    ChartPoint point{static_cast<double>(t->index), *t->value, std::nullopt, t->verdict == bisect::Verdict::undecided};
    if (t->interval) point.range = std::pair(t->interval->low, t->interval->high);
    auto& series = t->verdict == bisect::Verdict::good ? good : t->verdict == bisect::Verdict::bad ? bad : undecided;
    series.points.push_back(point);
    chart.x_ticks.emplace_back(static_cast<double>(t->index), result.range[t->index].short_id().substr(0, 7));
  }
  for (auto* series : {&good, &bad, &undecided})
    if (!series->points.empty()) chart.series.push_back(std::move(*series));
  chart.note = answer_sentence(result);
  if (chart.note.size() > 110) chart.note = chart.note.substr(0, 107) + "...";
  return render_line_chart(chart);
}

Expected<void> restore_tested(const nlohmann::json& saved, bisect::Result& result) {
  try {
    if (saved.value("build", "") != result.build || saved.value("when", "") != result.when)
      return tl::unexpected(fmt::format("it is a bisect of build {} by its {}, not of {} by its {}",
                                        saved.value("build", "?"), saved.value("when", "?"), result.build,
                                        result.when));
    if (saved.value("python", "") != result.python || saved.value("repo", "") != result.repo)
      return tl::unexpected(fmt::format("it is a bisect of {} on {}, not of {} on {}", saved.value("repo", "?"),
                                        saved.value("python", "?"), result.repo, result.python));
    const auto& range = saved.at("range");
    if (saved.value("all_parents", false) != result.all_parents)
      return tl::unexpected(fmt::format("it walked {}", result.all_parents ? "first parents only" : "all parents"));
    if (range.size() != result.range.size() || range.front().at("id") != result.range.front().id ||
        range.back().at("id") != result.range.back().id)
      return tl::unexpected(std::string("its --good and --bad were other commits"));
    std::map<std::string, std::size_t> index_of;
    for (std::size_t i = 0; i < result.range.size(); ++i) index_of[result.range[i].id] = i;
    std::vector<bisect::TestedCommit> tested;
    for (const auto& t : saved.at("tested")) {
      bisect::TestedCommit one;
      bisect::json_read_members(t, one);
      auto at = index_of.find(t.at("commit").get<std::string>());
      if (at == index_of.end() || one.verdict == bisect::Verdict::untested)
        return tl::unexpected(std::string("a tested commit has no verdict or is not in the range"));
      one.index = at->second;
      tested.push_back(std::move(one));
    }
    if (tested.size() < 2) return tl::unexpected(std::string("it stopped before both ends were measured"));
    result.tested = std::move(tested);
    return {};
  } catch (const std::exception& e) {  // nlohmann's, and json_record's range checks
    return tl::unexpected(std::string("it cannot be read: ") + e.what());
  }
}

}  // namespace gm::report
