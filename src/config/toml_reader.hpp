#pragma once
// A typed reader of a TOML document that finds every error in one pass: each
// value is read with the type and range it must have, a wrong one is recorded
// with its file:line:col and the item being read is given up (`read_on` goes
// on with the next). It knows nothing of the matrix's schema
// (config/loader.cpp).
#include <toml++/toml.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "config/matrix.hpp"
#include "util/strings.hpp"

namespace gm::config {

using Keys = std::vector<std::string>;

// "a table", "an integer", ...: what a node is, for messages.
const char* type_name(const toml::node& node);

class TomlReader {
 public:
  explicit TomlReader(std::filesystem::path file) : file_(std::move(file)) {}

  // Thrown by error() once the problem is recorded: the item being read is
  // given up, and reading goes on with the next one.
  struct Abandon {};

  SourcePosition position(const toml::source_region& region) const;

  // Records the problem and gives up the current item (see `read_on`).
  [[noreturn]] void error(const toml::source_region& at, const std::string& message) const;
  void record(const toml::source_region& at, const std::string& message) const;
  void record(int line, const std::string& message) const;

  // Runs one read; an error in it is recorded and the reading goes on.
  template <class Read>
  void read_on(Read read) const {
    try {
      read();
    } catch (const Abandon&) {
    }
  }

  // In the order they appear in the file.
  std::vector<std::string> errors() const;
  bool failed() const { return !errors_.empty(); }

  // Rejects keys not in `allowed`, pointing at the key and naming the nearest valid one.
  void check_keys(const toml::table& table, const Keys& allowed, std::string_view where) const;

  std::optional<std::string> string(const toml::table& table, std::string_view key) const;
  // A string value, refused when it holds control characters: they would
  // reach the terminal and the report (an ESC starts a terminal escape sequence).
  std::string text_of(const toml::node& node, std::string_view key) const;
  std::optional<bool> boolean(const toml::table& table, std::string_view key) const;
  std::optional<int> positive_integer(const toml::table& table, std::string_view key) const;
  std::optional<int> bounded_integer(const toml::table& table, std::string_view key, int low, int high) const;
  // Greater than 0 and at most 10.
  std::optional<double> fraction(const toml::table& table, std::string_view key) const;
  std::optional<std::chrono::milliseconds> duration(const toml::table& table, std::string_view key) const;
  // A duration, or "off" (0).
  std::optional<std::chrono::milliseconds> duration_or_off(const toml::table& table, std::string_view key) const;
  const toml::array* array(const toml::table& table, std::string_view key) const;
  // A list of strings; a single string is accepted where a list is expected.
  std::optional<std::vector<std::string>> strings(const toml::table& table, std::string_view key) const;

  // A non-empty list of words, each read by `parse`; every bad entry is reported.
  template <class T, class Parse>
  std::optional<std::vector<T>> enum_list(const toml::table& table, std::string_view key, Parse parse,
                                          const Keys& valid) const {
    const toml::array* items = array(table, key);
    if (items == nullptr) return std::nullopt;
    if (items->empty()) error(table.get(key)->source(), fmt::format("`{}` must not be empty", key));
    std::vector<T> out;
    for (const auto& item : *items) {
      std::string text = item.is_string() ? item.as_string()->get() : "";
      auto value = parse(text);
      if (!value) {
        std::string message = fmt::format("`{}`: {} is not one of {}", key, describe(item), join(valid, ", "));
        if (auto suggestion = closest_match(text, valid)) message += fmt::format("; did you mean \"{}\"?", *suggestion);
        record(item.source(), message);  // and go on: every bad entry is reported
        continue;
      }
      out.push_back(*value);
    }
    return out;
  }

  // A path as written in the file, relative to the file's folder.
  std::filesystem::path resolve(const std::string& path) const;

  // A value as a message quotes it: "text", 12, 1.0, or what it is.
  static std::string describe(const toml::node& node);

 private:
  struct Located {
    int line = 0;
    int column = 0;
    std::string text;
  };
  std::filesystem::path file_;
  mutable std::vector<Located> errors_;
};

}  // namespace gm::config
