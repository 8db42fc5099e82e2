#pragma once
// Columns for the terminal: each as wide as its widest cell, so rows line up
// whatever the lengths (a long configure line, a long key, a long module name).
#include <string>
#include <vector>

namespace gm {

class TextTable {
 public:
  enum class Align { left, right };
  // `indent` goes before every row (not before the lines of add_line).
  explicit TextTable(std::vector<Align> columns, std::string indent = "")
      : align_(std::move(columns)), indent_(std::move(indent)) {}
  void add_row(std::vector<std::string> cells) { entries_.push_back({std::move(cells), false}); }
  // A line printed as it is, in its place among the rows, that widens no column:
  // a detail under a row, a heading between rows.
  void add_line(std::string text) { entries_.push_back({{std::move(text)}, true}); }
  // Every entry, two spaces between columns, no trailing spaces, each ending in "\n".
  std::string render() const;

 private:
  struct Entry {
    std::vector<std::string> cells;
    bool verbatim;
  };
  std::vector<Align> align_;
  std::string indent_;
  std::vector<Entry> entries_;
};

}  // namespace gm
