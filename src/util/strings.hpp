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

// `text` safe to show on a terminal or in a file people read: control
// characters other than newline and tab (ESC, CR, BEL, ... and the C1 controls
// U+0080..U+009F) become visible escapes like \x1b, and the bidirectional
// controls (U+202E, U+2066, ...) escapes like \u202e, so output from a workload
// or a name cannot move the cursor, recolour or retitle the terminal, nor make
// text read backwards.
std::string printable(std::string_view text);

// `text` when at most `longest` bytes, else its start (cut at a character
// boundary) and "... (N bytes in all)": an error echoes what it refuses, not
// 100 MB of it.
std::string shortened(std::string_view text, std::size_t longest = 80);

// A word as a POSIX shell reads it back unchanged; used only to *display*
// commands a person can paste. gilmatrix itself never runs a shell.
std::string shell_quote(std::string_view word);
std::string shell_join(std::span<const std::string> argv);
// The words of a command shell_join wrote (plain words, '...' quoting and
// backslash escapes), so that it can be rewritten word by word.
std::vector<std::string> shell_split(std::string_view command);

// Shell-style wildcards (*, ?, [...]) as in `--build '3.13*'`; a pattern without them matches itself only.
bool glob_match(std::string_view pattern, std::string_view text);
bool has_glob_characters(std::string_view pattern);

// Levenshtein distance, and the nearest candidate close enough to be a typo.
std::size_t edit_distance(std::string_view a, std::string_view b);
std::optional<std::string> closest_match(std::string_view word, std::span<const std::string> candidates);

}  // namespace gm
