#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gm {

std::string trim(std::string_view text);
std::vector<std::string> split(std::string_view text, char separator);
std::vector<std::string> split_lines(std::string_view text);
// Words separated by any run of spaces and tabs; no empty words.
std::vector<std::string> split_whitespace(std::string_view text);
std::string join(std::span<const std::string> parts, std::string_view separator);
std::string to_lower(std::string_view text);

// The last `max_lines` lines of `text` (for log and traceback tails).
std::string tail_lines(std::string_view text, std::size_t max_lines);

// A word as a POSIX shell reads it back unchanged; used only to *display*
// commands a person can paste. gilmatrix itself never runs a shell.
std::string shell_quote(std::string_view word);
std::string shell_join(std::span<const std::string> argv);

// Shell-style wildcards (*, ?, [...]) as in `--build '3.13*'`; a pattern without them matches itself only.
bool glob_match(std::string_view pattern, std::string_view text);
bool has_glob_characters(std::string_view pattern);

// Levenshtein distance, and the nearest candidate close enough to be a typo.
std::size_t edit_distance(std::string_view a, std::string_view b);
std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string> candidates);

}  // namespace gm
