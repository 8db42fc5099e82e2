#include "util/terminal.hpp"

#include <unistd.h>

#include <cstdio>

#include "util/paths.hpp"
#include "util/strings.hpp"

namespace gm {

Terminal& Terminal::instance() {
  static Terminal terminal;
  return terminal;
}

Terminal::Terminal() {
  interactive_ = ::isatty(STDERR_FILENO) == 1 && getenv_string("CI") == std::nullopt;
  colour_ = ::isatty(STDERR_FILENO) == 1 && !getenv_string("NO_COLOR");
}

void Terminal::clear_status_locked() {
  if (status_shown_) {
    std::fputs("\r\x1b[K", stderr);
    status_shown_ = false;
  }
}

void Terminal::status(std::string_view text) {
  if (!interactive_ || quiet_) return;
  auto line = printable(text);
  std::lock_guard lock(mutex_);
  clear_status_locked();
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
  status_shown_ = true;
}

void Terminal::line(std::string_view raw) {
  if (quiet_) return;
  auto text = printable(raw);
  std::lock_guard lock(mutex_);
  clear_status_locked();
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fputc('\n', stderr);
  std::fflush(stderr);
}

void Terminal::warning(std::string_view text) {
  std::lock_guard lock(mutex_);
  clear_status_locked();
  std::string message = paint("33", "gilmatrix: warning: ") + printable(text) + "\n";
  std::fputs(message.c_str(), stderr);
  std::fflush(stderr);
}

std::string Terminal::paint(std::string_view code, std::string_view text) const {
  if (!colour_) return std::string(text);
  return "\x1b[" + std::string(code) + "m" + std::string(text) + "\x1b[0m";
}

std::string Terminal::bold(std::string_view text) const { return paint("1", text); }
std::string Terminal::green(std::string_view text) const { return paint("32", text); }
std::string Terminal::red(std::string_view text) const { return paint("31", text); }
std::string Terminal::yellow(std::string_view text) const { return paint("33", text); }

}  // namespace gm
