#include "util/duration.hpp"

#include <cctype>
#include <cmath>

#include <fmt/format.h>

namespace gm {

Expected<Milliseconds> parse_duration(std::string_view text) {
  if (text.empty()) return fail("empty duration");
  long long total_ms = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t digits_start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == digits_start)
      return fail(fmt::format("invalid duration \"{}\": expected a number followed by ms, s, m or h", text));
    long long value = std::stoll(std::string(text.substr(digits_start, i - digits_start)));
    std::size_t unit_start = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    auto unit = text.substr(unit_start, i - unit_start);
    if (unit == "ms")
      total_ms += value;
    else if (unit == "s")
      total_ms += value * 1000;
    else if (unit == "m")
      total_ms += value * 60'000;
    else if (unit == "h")
      total_ms += value * 3'600'000;
    else
      return fail(fmt::format("invalid duration \"{}\": unit must be ms, s, m or h (e.g. \"120s\")", text));
  }
  if (total_ms <= 0) return fail(fmt::format("duration \"{}\" must be positive", text));
  return Milliseconds(total_ms);
}

std::string format_duration(std::chrono::duration<double> duration) {
  double seconds = duration.count();
  if (seconds < 60) return fmt::format("{:.1f}s", seconds);
  auto whole = static_cast<long long>(std::llround(seconds));
  if (whole < 3600) return fmt::format("{}m{:02}s", whole / 60, whole % 60);
  return fmt::format("{}h{:02}m", whole / 3600, (whole % 3600) / 60);
}

}  // namespace gm
