#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace gm::report {

// Text from outside (names, paths, error messages) made safe for one Markdown
// table cell or list item: punctuation that Markdown or HTML would interpret is
// backslash-escaped, `|` cannot split a cell, newlines become <br>, and
// control characters such as ESC are shown as \x1b (util/strings.hpp printable).
std::string escape_inline(std::string_view text);

// The line under a table's header row: "|---|" for each of `columns` columns,
// then a newline.
std::string table_separator(std::size_t columns);

// A fenced block that `text` cannot close early, whatever backticks it holds.
std::string fenced_block(std::string_view text, std::string_view info = "");

// The same block indented two spaces, so it belongs to the list item above it.
std::string indented_fenced_block(std::string_view text, std::string_view info = "");

}  // namespace gm::report
