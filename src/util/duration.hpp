#pragma once
#include <chrono>
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace gm {

using Milliseconds = std::chrono::milliseconds;

// "500ms", "90s", "2m", "1h", "30d", "1m30s". A bare number is rejected: units are required.
Expected<Milliseconds> parse_duration(std::string_view text);

// 1.2s, 3m05s, 1h02m: for people, not for parsing back.
std::string format_duration(std::chrono::duration<double> duration);

}  // namespace gm
