#include "util/text_table.hpp"

#include <algorithm>

namespace gm {

namespace {

// Columns count characters, not bytes: "±" and "…" are one each.
std::size_t display_width(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

std::string TextTable::render() const {
  std::vector<std::size_t> widths(align_.size(), 0);
  for (const auto& entry : entries_)
    if (!entry.verbatim)
      for (std::size_t i = 0; i < entry.cells.size() && i < widths.size(); ++i)
        widths[i] = std::max(widths[i], display_width(entry.cells[i]));
  std::string out;
  for (const auto& entry : entries_) {
    if (entry.verbatim) {
      out += entry.cells.front() + "\n";
      continue;
    }
    std::string line = indent_;
    for (std::size_t i = 0; i < entry.cells.size() && i < widths.size(); ++i) {
      std::string pad(widths[i] - display_width(entry.cells[i]), ' ');
      if (i > 0) line += "  ";
      line += align_[i] == Align::right ? pad + entry.cells[i] : entry.cells[i] + pad;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace gm
