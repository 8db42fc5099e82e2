#include <catch2/catch.hpp>

#include "util/text_table.hpp"

TEST_CASE("text table: columns as wide as their widest cell", "[util][text_table]") {
  using Align = gm::TextTable::Align;
  gm::TextTable table({Align::left, Align::right, Align::left});
  table.add_row({"key", "size", "configure"});
  table.add_row({"3.13.15t-3cef7ba1f6ac67c4", "296MiB", "--disable-gil --disable-test-modules"});
  table.add_row({"3.13-x", "9MiB", ""});
  CHECK(table.render() ==
        "key                          size  configure\n"
        "3.13.15t-3cef7ba1f6ac67c4  296MiB  --disable-gil --disable-test-modules\n"
        "3.13-x                       9MiB\n");
}

TEST_CASE("text table: a character is one column, whatever its bytes", "[util][text_table]") {
  using Align = gm::TextTable::Align;
  gm::TextTable table({Align::left, Align::left});
  table.add_row({"±3%", "a"});
  table.add_row({"abc", "b"});
  CHECK(table.render() == "±3%  a\nabc  b\n");
}

TEST_CASE("text table: an indent before each row, and lines kept as they are between rows", "[util][text_table]") {
  using Align = gm::TextTable::Align;
  gm::TextTable table({Align::left, Align::left}, "  ");
  table.add_line("heading that is longer than any column");
  table.add_row({"a", "x"});
  table.add_line("      detail under a");
  table.add_row({"longer", "y"});
  CHECK(table.render() ==
        "heading that is longer than any column\n"
        "  a       x\n"
        "      detail under a\n"
        "  longer  y\n");
}
