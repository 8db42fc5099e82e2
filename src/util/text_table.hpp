#pragma once
// Columns for the terminal: each as wide as its widest cell, so rows line up
// whatever the lengths (a long configure line, a long key).
#include <string>
#include <vector>

namespace gm {

class TextTable {
 public:
  enum class Align { left, right };
  explicit TextTable(std::vector<Align> columns) : align_(std::move(columns)) {}
  void add_row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  // Every row, two spaces between columns, no trailing spaces, each ending in "\n".
  std::string render() const;

 private:
  std::vector<Align> align_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace gm
