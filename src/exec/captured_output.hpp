#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace gm::exec {

// What is kept in memory of one output stream: everything up to `cap` bytes,
// beyond that its first and its last cap/2 bytes. The start says what was
// running, the end holds the error that stopped it; a program that prints
// 300 KB of noise before its final traceback keeps both.
class CapturedOutput {
 public:
  explicit CapturedOutput(std::size_t cap);
  void append(std::string_view chunk);
  bool truncated() const;
  // The kept text; when bytes were dropped, a line between head and tail says how many.
  std::string text() const;

 private:
  std::size_t head_cap_;
  std::size_t tail_cap_;
  std::string head_;
  std::string tail_;  // may hold up to 2 * tail_cap_ bytes; only the last tail_cap_ count
  std::size_t total_ = 0;
};

}  // namespace gm::exec
