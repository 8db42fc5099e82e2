#include "bisect/result.hpp"

#include <algorithm>
#include <unordered_map>

#include "util/strings.hpp"

namespace gm::bisect {

Parents range_parents(const std::vector<sources::CommitSummary>& range) {
  std::unordered_map<std::string, std::size_t> index_of;
  for (std::size_t i = 0; i < range.size(); ++i) index_of.emplace(range[i].id, i);
  Parents parents(range.size());
  for (std::size_t i = 0; i < range.size(); ++i)
    for (const auto& id : range[i].parents)
      if (auto at = index_of.find(id); at != index_of.end()) parents[i].push_back(at->second);
  return parents;
}

const char* walk_words(const Result& result) {
  return result.all_parents ? "along all parents" : "along first parents";
}

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::good:
      return "good";
    case Verdict::bad:
      return "bad";
    case Verdict::skipped:
      return "skipped";
    case Verdict::undecided:
      return "undecided";
    case Verdict::untested:
      break;
  }
  return "untested";
}

std::optional<Verdict> parse_verdict(std::string_view text) {
  for (auto v : {Verdict::good, Verdict::bad, Verdict::skipped, Verdict::undecided})
    if (text == to_string(v)) return v;
  return std::nullopt;
}

std::string verdicts_line(std::vector<std::string> parts, const std::optional<std::string>& module) {
  std::sort(parts.begin(), parts.end());
  if (parts.empty()) return module ? *module + ": not built" : "no extension module";
  return join(parts, "; ");
}

Verdict verdict_by_result(const std::string& result, const std::string& good_end, const std::string& bad_end) {
  if (result == good_end) return Verdict::good;
  if ((result == kDoesNotInstall || result == kDoesNotBuild) && bad_end != result) return Verdict::skipped;
  return Verdict::bad;
}

}  // namespace gm::bisect
