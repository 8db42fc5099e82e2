#include "util/duration.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace gm {

namespace {
constexpr long long kMaxMilliseconds = 100LL * 365 * 86'400'000;  // far below overflow, far above any use
}  // namespace

Expected<Milliseconds> parse_duration(std::string_view text) {
  if (text.empty()) return fail("empty duration");
  long long total_ms = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t digits_start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == digits_start)
      return fail(fmt::format("invalid duration \"{}\": expected a number followed by ms, s, m or h", text));
    long long value = 0;
    auto digits = text.substr(digits_start, i - digits_start);
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    std::size_t unit_start = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    auto unit = text.substr(unit_start, i - unit_start);
    long long unit_ms = unit == "ms"  ? 1
                        : unit == "s" ? 1000
                        : unit == "m" ? 60'000
                        : unit == "h" ? 3'600'000
                        : unit == "d" ? 86'400'000
                                      : 0;
    if (unit_ms == 0)
      return fail(
          fmt::format("invalid duration \"{}\": unit must be ms, s, m or h, or d for days (e.g. \"120s\")", text));
    if (error != std::errc() || value > (kMaxMilliseconds - total_ms) / unit_ms)
      return fail(fmt::format("duration \"{}\" is too long", text));
    total_ms += value * unit_ms;
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
