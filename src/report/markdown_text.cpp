#include "report/markdown_text.hpp"

#include <algorithm>

#include "util/strings.hpp"

namespace gm::report {

namespace {
// Carriage returns go (Windows line ends); other control characters become visible.
std::string shown(std::string_view raw) {
  std::string text(raw);
  std::erase(text, '\r');
  return printable(text);
}
}  // namespace

std::string table_separator(std::size_t columns) {
  std::string line = "|";
  for (std::size_t i = 0; i < columns; ++i) line += "---|";
  return line + "\n";
}

std::string escape_inline(std::string_view raw) {
  std::string text = shown(raw);  // \x1b for ESC: its backslash is escaped below
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\n':
        out += "<br>";
        break;
      case '\t':
        out += ' ';
        break;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '|':
      case '~':
      case '#':
      case '&':
      case '!':
      case '$':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string fenced_block(std::string_view raw, std::string_view info) {
  std::string text = shown(raw);
  std::size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  std::string body(text);
  if (!body.empty() && body.back() != '\n') body += '\n';
  return fence + std::string(info) + "\n" + body + fence + "\n";
}

}  // namespace gm::report

namespace gm::report {

std::string indented_fenced_block(std::string_view text, std::string_view info) {
  std::string out;
  for (char c : fenced_block(text, info)) {
    if (out.empty() || out.back() == '\n') out += "  ";
    out += c;
  }
  return out;
}

}  // namespace gm::report
