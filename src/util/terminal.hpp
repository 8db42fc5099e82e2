#pragma once
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/color.h>

namespace gm {

// Human progress and notes go to stderr; results (paths, tables, JSON) to
// stdout, so `gilmatrix run ... > out.txt` captures what a script needs.
// On a terminal the current activity is a board of lines rewritten in place
// (one line per running task); elsewhere (CI logs, files) only finished steps
// are printed, one per line.
// Everything but output() passes through printable() (strings.hpp): an ESC
// in a workload's message cannot drive the terminal.
class Terminal {
 public:
  static Terminal& instance();

  bool interactive() const { return interactive_; }
  bool colour() const { return colour_; }  // on stderr

  // Rewrites the board (terminal only; ignored in logs); it stays below the
  // lines printed after it until replaced (an empty board removes it).
  void board(std::vector<std::string> lines);
  // A one-line board that the next line() replaces.
  void status(std::string_view line);
  // A line that stays, on stderr: finished steps, notes.
  void line(std::string_view text);
  // A line that stays, and the board that replaces the one above it, in one redraw.
  void line_and_board(std::string_view text, std::vector<std::string> lines);
  void warning(std::string_view text);
  void error(std::string_view text);  // "gilmatrix: error: TEXT"
  // Text for stdout (results, paths): the board is lifted first so the two do not mix.
  void output(std::string_view text);

  std::string green(std::string_view text) const;
  std::string red(std::string_view text) const;

  // Whether to colour a stream: NO_COLOR (set, non-empty) never; FORCE_COLOR
  // (set, non-empty, not "0") always; TERM=dumb never; else when it is a terminal.
  static bool colour_wanted(bool is_terminal, const std::optional<std::string>& no_color,
                            const std::optional<std::string>& force_color, const std::optional<std::string>& term);

 private:
  Terminal();
  void clear_board_locked();
  void draw_board_locked();
  void show_board_locked(std::vector<std::string> lines, bool sticky);
  void write_stderr_locked(std::string_view text);
  std::string paint(fmt::terminal_color colour, std::string_view text) const;

  std::mutex mutex_;
  bool interactive_ = false;
  bool colour_ = false;
  std::vector<std::string> board_;
  bool board_sticky_ = false;
  std::size_t drawn_ = 0;  // board lines now on the screen
};

}  // namespace gm
