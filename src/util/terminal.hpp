#pragma once
#include <chrono>
#include <mutex>
#include <string>
#include <string_view>

namespace gm {

// Progress and notes on stderr, passed through printable() (strings.hpp). On a terminal the current activity is one line
// rewritten in place; elsewhere (CI logs) only finished steps are printed, one per line.
class Terminal {
 public:
  static Terminal& instance();

  bool interactive() const { return interactive_; }
  bool colour() const { return colour_; }
  void set_quiet(bool quiet) { quiet_ = quiet; }

  // Rewrites the status line (terminal only; ignored in logs).
  void status(std::string_view line);
  // A line that stays: finished steps, notes.
  void line(std::string_view text);
  void warning(std::string_view text);

  std::string bold(std::string_view text) const;
  std::string green(std::string_view text) const;
  std::string red(std::string_view text) const;
  std::string yellow(std::string_view text) const;

 private:
  Terminal();
  void clear_status_locked();
  std::string paint(std::string_view code, std::string_view text) const;

  std::mutex mutex_;
  bool interactive_ = false;
  bool colour_ = false;
  bool quiet_ = false;
  bool status_shown_ = false;
};

}  // namespace gm
