#include "util/terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>

#include <fmt/color.h>

#include "util/paths.hpp"
#include "util/strings.hpp"

namespace gm {

namespace {

std::size_t terminal_width() {
  winsize size{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

// Cut to `width` columns so no board line wraps (a wrapped line would throw off
// the count of lines to rewrite). Counts UTF-8 code points, not bytes.
std::string fit(std::string_view text, std::size_t width) {
  std::size_t columns = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (++columns > width - 1) return std::string(text.substr(0, i));
  }
  return std::string(text);
}

}  // namespace

Terminal& Terminal::instance() {
  static Terminal terminal;
  return terminal;
}

bool Terminal::colour_wanted(bool is_terminal, const std::optional<std::string>& no_color,
                             const std::optional<std::string>& force_color, const std::optional<std::string>& term) {
  if (no_color && !no_color->empty()) return false;
  if (force_color && !force_color->empty() && *force_color != "0") return true;
  if (term && *term == "dumb") return false;
  return is_terminal;
}

Terminal::Terminal() {
  bool err_tty = ::isatty(STDERR_FILENO) == 1;
  interactive_ = err_tty && getenv_string("CI") == std::nullopt;
  auto no_color = getenv_string("NO_COLOR"), force = getenv_string("FORCE_COLOR"), term = getenv_string("TERM");
  colour_ = colour_wanted(err_tty, no_color, force, term);
}

void Terminal::clear_board_locked() {
  if (drawn_ == 0) return;
  // Up to the first board line, then erase to the end of the screen (cursor
  // movement: fmt/color.h has colours only).
  std::fprintf(stderr, "\x1b[%zuF\x1b[J", drawn_);
  drawn_ = 0;
}

void Terminal::draw_board_locked() {
  if (!interactive_ || board_.empty()) return;
  auto width = terminal_width();
  std::string text;
  for (const auto& line : board_) text += fit(line, width) + "\n";
  std::fwrite(text.data(), 1, text.size(), stderr);
  drawn_ = board_.size();
}

void Terminal::write_stderr_locked(std::string_view text) {
  clear_board_locked();
  if (!board_sticky_) board_.clear();  // a status line lasts until the next line
  std::fwrite(text.data(), 1, text.size(), stderr);
  draw_board_locked();
  std::fflush(stderr);
}

void Terminal::show_board_locked(std::vector<std::string> lines, bool sticky) {
  clear_board_locked();
  board_ = std::move(lines);
  board_sticky_ = sticky;
  draw_board_locked();
  std::fflush(stderr);
}

void Terminal::board(std::vector<std::string> lines) {
  if (!interactive_) return;
  for (auto& line : lines) line = printable(line);
  std::lock_guard lock(mutex_);
  show_board_locked(std::move(lines), true);
}

void Terminal::status(std::string_view line) {
  if (!interactive_) return;
  std::lock_guard lock(mutex_);
  show_board_locked({printable(line)}, false);
}

void Terminal::line(std::string_view text) {
  std::lock_guard lock(mutex_);
  write_stderr_locked(printable(text) + "\n");
}

void Terminal::line_and_board(std::string_view text, std::vector<std::string> lines) {
  std::lock_guard lock(mutex_);
  clear_board_locked();
  if (interactive_) {
    for (auto& line : lines) line = printable(line);
    board_ = std::move(lines);
    board_sticky_ = true;
  }
  write_stderr_locked(printable(text) + "\n");
}

void Terminal::warning(std::string_view text) {
  std::lock_guard lock(mutex_);
  write_stderr_locked(paint(fmt::terminal_color::yellow, "gilmatrix: warning: ") + printable(text) + "\n");
}

void Terminal::error(std::string_view text) {
  std::lock_guard lock(mutex_);
  write_stderr_locked(paint(fmt::terminal_color::red, "gilmatrix: error: ") + printable(text) + "\n");
}

void Terminal::output(std::string_view text) {
  std::lock_guard lock(mutex_);
  clear_board_locked();
  board_.clear();
  std::fflush(stderr);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

std::string Terminal::paint(fmt::terminal_color colour, std::string_view text) const {
  if (!colour_) return std::string(text);
  return fmt::format(fmt::fg(colour), "{}", text);
}

std::string Terminal::green(std::string_view text) const { return paint(fmt::terminal_color::green, text); }
std::string Terminal::red(std::string_view text) const { return paint(fmt::terminal_color::red, text); }

}  // namespace gm
