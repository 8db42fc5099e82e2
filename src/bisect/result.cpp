#include "bisect/result.hpp"

#include <algorithm>

#include "util/strings.hpp"

namespace gm::bisect {

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
