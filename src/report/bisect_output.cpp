#include "report/bisect_output.hpp"

#include <ctime>

#include <fmt/format.h>

#include "report/github_commands.hpp"
#include "report/markdown_text.hpp"
#include "util/strings.hpp"

namespace gm::report {

namespace {

std::string short_id(const sources::CommitSummary& commit) { return commit.id.substr(0, 12); }

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

// The answer in one sentence (none when the search did not end).
std::string answer_sentence(const bisect::Result& result) {
  if (!result.answer) return result.stop_reason;
  const auto& a = *result.answer;
  const auto& first_bad = result.range[a.first_bad];
  const auto& last_good = result.range[a.last_good];
  if (a.kind == bisect::Answer::Kind::found)
    return fmt::format("first bad commit: {} \"{}\" ({}); the commit before it, {}, is good", first_bad.id,
                       first_bad.subject, date_of(first_bad), short_id(last_good));
  std::vector<std::string> hidden;
  for (std::size_t c = a.last_good + 1; c < a.first_bad; ++c) hidden.push_back(short_id(result.range[c]));
  return fmt::format(
      "the first bad commit is one of {} commits after {} (good) up to {} (bad): {} could not be "
      "decided ({}), so the range cannot be split further",
      a.first_bad - a.last_good, short_id(last_good), short_id(first_bad), join(hidden, ", "),
      a.any_skipped && a.any_undecided ? "some did not install, some were undecided"
      : a.any_skipped                  ? "they did not install"
                                       : "undecided");
}

}  // namespace

std::string bisect_text(const bisect::Result& result) {
  std::string out = fmt::format("bisect of {} on {}, by its {}: {} commits along first parents, {} tested\n",
                                result.repo, result.python, result.when, result.range.size(), result.tested.size());
  for (std::size_t i = 0; i < result.tested.size(); ++i) {
    const auto& t = result.tested[i];
    const auto& commit = result.range[t.index];
    out += fmt::format("  {:<9} {}  {:<6} {}{}  ({:.0f}s)  \"{}\"\n", role_of(i), short_id(commit),
                       t.verdict == bisect::Verdict::skipped ? "skip" : bisect::to_string(t.verdict), t.result,
                       t.detail.empty() ? "" : ": " + t.detail, t.seconds, commit.subject);
  }
  out += answer_sentence(result) + "\n";
  return printable(out);
}

std::string bisect_markdown(const bisect::Result& result) {
  std::string out = fmt::format("## Bisect of {} on {}, by its {}\n\n{} commits along first parents, {} tested.\n\n",
                                escape_inline(result.repo), escape_inline(result.python), result.when,
                                result.range.size(), result.tested.size());
  out += "| | commit | subject | verdict | result | time |\n" + table_separator(6);
  for (std::size_t i = 0; i < result.tested.size(); ++i) {
    const auto& t = result.tested[i];
    const auto& commit = result.range[t.index];
    out += fmt::format("| {} | `{}` | {} | {} | {} | {:.0f} s |\n", role_of(i), short_id(commit),
                       escape_inline(commit.subject), bisect::to_string(t.verdict),
                       escape_inline(t.result + (t.detail.empty() ? "" : ": " + t.detail)), t.seconds);
  }
  out += "\n**" + escape_inline(answer_sentence(result)) + "**\n";
  return out;
}

std::string bisect_annotation(const bisect::Result& result) {
  const bool found = result.answer && result.answer->kind == bisect::Answer::Kind::found;
  return annotation(found ? AnnotationLevel::notice : AnnotationLevel::warning,
                    found ? "first bad commit" : "bisect undecided", answer_sentence(result));
}

nlohmann::json bisect_json(const bisect::Result& result) {
  nlohmann::json range = nlohmann::json::array();
  for (const auto& c : result.range)
    range.push_back({{"id", c.id}, {"subject", c.subject}, {"author_time", c.author_time}});
  nlohmann::json tested = nlohmann::json::array();
  for (const auto& t : result.tested)
    tested.push_back({{"commit", result.range[t.index].id},
                      {"verdict", bisect::to_string(t.verdict)},
                      {"result", t.result},
                      {"detail", t.detail},
                      {"seconds", t.seconds}});
  nlohmann::json j = {{"python", result.python}, {"repo", result.repo},
                      {"when", result.when},     {"range", range},
                      {"tested", tested},        {"exit_code", static_cast<int>(result.exit_code)}};
  if (result.answer) {
    const auto& a = *result.answer;
    j["answer"] = {{"kind", a.kind == bisect::Answer::Kind::found ? "found" : "hidden"},
                   {"first_bad", result.range[a.first_bad].id},
                   {"last_good", result.range[a.last_good].id}};
  } else {
    j["stop_reason"] = result.stop_reason;
  }
  j["summary"] = answer_sentence(result);
  return j;
}

}  // namespace gm::report
