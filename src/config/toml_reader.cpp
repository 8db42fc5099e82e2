#include "config/toml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "util/duration.hpp"

namespace gm::config {
namespace fs = std::filesystem;

const char* type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
      return "a date/time";
    default:
      return "nothing";
  }
}

SourcePosition TomlReader::position(const toml::source_region& region) const {
  return {file_.string(), static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

void TomlReader::error(const toml::source_region& at, const std::string& message) const {
  record(at, message);
  throw Abandon{};
}

void TomlReader::record(const toml::source_region& at, const std::string& message) const {
  auto where = position(at);
  errors_.push_back({where.line, where.column, where.describe() + ": " + message});
}

void TomlReader::record(int line, const std::string& message) const { errors_.push_back({line, 0, message}); }

std::vector<std::string> TomlReader::errors() const {
  auto sorted = errors_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  std::vector<std::string> out;
  for (const auto& e : sorted) out.push_back(e.text);
  return out;
}

void TomlReader::check_keys(const toml::table& table, const Keys& allowed, std::string_view where) const {
  for (auto&& [key, node] : table) {
    std::string name(key.str());
    if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
    std::string message = fmt::format("unknown key `{}` in {}", name, where);
    if (auto suggestion = closest_match(name, allowed))
      message += fmt::format("; did you mean `{}`?", *suggestion);
    else
      message += fmt::format(" (valid keys: {})", join(allowed, ", "));
    record(key.source().begin.line ? key.source() : node.source(), message);
  }
}

std::optional<std::string> TomlReader::string(const toml::table& table, std::string_view key) const {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_string()) error(node->source(), fmt::format("`{}` must be a string, found {}", key, type_name(*node)));
  return text_of(*node, key);
}

std::string TomlReader::text_of(const toml::node& node, std::string_view key) const {
  const std::string& text = node.as_string()->get();
  for (unsigned char c : text)
    if (c < 0x20 || c == 0x7f)
      error(node.source(), fmt::format("`{}` contains the control character 0x{:02x}; remove it", key, c));
  return text;
}

std::optional<bool> TomlReader::boolean(const toml::table& table, std::string_view key) const {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_boolean())
    error(node->source(), fmt::format("`{}` must be true or false, found {}", key, type_name(*node)));
  return node->as_boolean()->get();
}

std::optional<int> TomlReader::positive_integer(const toml::table& table, std::string_view key) const {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_integer() || node->as_integer()->get() < 1 || node->as_integer()->get() > 1'000'000'000)
    error(node->source(), fmt::format("`{}` must be a positive integer, found {}", key, describe(*node)));
  return static_cast<int>(node->as_integer()->get());
}

std::optional<std::chrono::milliseconds> TomlReader::duration_or_off(const toml::table& table,
                                                                     std::string_view key) const {
  if (auto text = string(table, key); text && *text == "off") return std::chrono::milliseconds(0);
  return duration(table, key);
}

std::optional<int> TomlReader::bounded_integer(const toml::table& table, std::string_view key, int low,
                                               int high) const {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_integer() || node->as_integer()->get() < low || node->as_integer()->get() > high)
    error(node->source(),
          fmt::format("`{}` must be a whole number from {} to {}, found {}", key, low, high, describe(*node)));
  return static_cast<int>(node->as_integer()->get());
}

std::optional<double> TomlReader::fraction(const toml::table& table, std::string_view key) const {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::nullopt;
  double value = node->is_integer()          ? static_cast<double>(node->as_integer()->get())
                 : node->is_floating_point() ? node->as_floating_point()->get()
                                             : -1;
  if (!(value > 0 && value <= 10))  // also refuses nan, which compares false with everything
    error(node->source(), fmt::format("`{}` must be a number greater than 0 and at most 10 (e.g. 0.1), found {}", key,
                                      describe(*node)));
  return value;
}

std::optional<std::chrono::milliseconds> TomlReader::duration(const toml::table& table, std::string_view key) const {
  auto text = string(table, key);
  if (!text) return std::nullopt;
  auto parsed = parse_duration(*text);
  if (!parsed) error(table.get(key)->source(), fmt::format("`{}`: {}", key, parsed.error()));
  return *parsed;
}

const toml::array* TomlReader::array(const toml::table& table, std::string_view key) const {
  const toml::node* node = table.get(key);
  if (node == nullptr) return nullptr;
  if (!node->is_array()) error(node->source(), fmt::format("`{}` must be an array, found {}", key, type_name(*node)));
  return node->as_array();
}

std::optional<std::vector<std::string>> TomlReader::strings(const toml::table& table, std::string_view key) const {
  const toml::array* items = array(table, key);
  if (items == nullptr) {
    if (table.get(key) && table.get(key)->is_string()) return std::vector<std::string>{*string(table, key)};
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : *items) {
    if (!item.is_string()) error(item.source(), fmt::format("`{}` must list strings, found {}", key, type_name(item)));
    out.push_back(text_of(item, key));
  }
  return out;
}

fs::path TomlReader::resolve(const std::string& path) const {
  fs::path p(path);
  return p.is_absolute() ? p : fs::weakly_canonical(file_.parent_path() / p);
}

std::string TomlReader::describe(const toml::node& node) {
  if (node.is_string()) return "\"" + shortened(node.as_string()->get()) + "\"";
  if (node.is_integer()) return std::to_string(node.as_integer()->get());
  if (node.is_floating_point()) {
    double value = node.as_floating_point()->get();
    return std::isfinite(value) && value == std::trunc(value) ? fmt::format("{:.1f}", value) : fmt::format("{}", value);
  }
  return type_name(node);
}

}  // namespace gm::config
