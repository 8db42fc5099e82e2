#pragma once
// Structs mapped to JSON by listing their members once, beside the struct:
//
//   GM_JSON_RECORD(Finding, kind, cell, text)
//
// writes every member under its own name and reads every key present, a
// missing key leaving the member's default (files written before a field
// existed keep reading). nlohmann's NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT
// does the same but reads an integer with get<int>(), which converts 1e300 or
// 2^40 with undefined behaviour; files gilmatrix reads are outside input, so
// here every integer member is checked (a JSON integer from 0 to the member
// type's largest value), every std::optional is null when empty, and a
// duration is a number of seconds.
//
//   GM_JSON_OMIT_WHEN_DEFAULT(Attempt, round, max_rss_mb)
//
// (before GM_JSON_RECORD) leaves those members out of the JSON while they hold
// their default (files never held them then); GM_JSON_SPARSE_RECORD leaves out
// every member that does. GM_JSON_ENUM_BY_NAME(Type, parse) writes an enum as
// the word `to_string` gives and reads it with `parse`, refusing any other word.
#include <chrono>
#include <cmath>
#include <concepts>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace gm::json_record {

// An integer member: refused unless the JSON holds an integer its type can hold (never negative).
template <std::integral Int>
requires(!std::same_as<Int, bool>) Int checked_integer(const nlohmann::json& value) {
  if (!value.is_number_integer()) throw std::runtime_error("must be an integer");
  constexpr auto most = static_cast<unsigned long long>(std::numeric_limits<Int>::max());
  if (value.is_number_unsigned()
          ? value.get<unsigned long long>() > most
          : value.get<long long>() < 0 || static_cast<unsigned long long>(value.get<long long>()) > most)
    throw std::runtime_error("is out of range");
  return static_cast<Int>(value.get<long long>());
}

template <class T>
void read_value(const nlohmann::json& j, T& out) {
  if constexpr (std::integral<T> && !std::same_as<T, bool>)
    out = checked_integer<T>(j);
  else
    j.get_to(out);
}

template <class T>
void read_value(const nlohmann::json& j, std::vector<T>& out) {
  if (!j.is_array()) throw std::runtime_error("must be an array");
  out.clear();
  for (const auto& element : j) {
    T item{};
    read_value(element, item);
    out.push_back(std::move(item));
  }
}

// A member that is there: an error names its key ("`workers`: is out of range").
template <class T>
void read_member(const nlohmann::json& j, const char* key, T& member) {
  auto it = j.find(key);
  if (it == j.end()) return;
  try {
    read_value(*it, member);
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("`{}`: {}", key, e.what()));
  }
}

// The members GM_JSON_OMIT_WHEN_DEFAULT names for `Type`; none for any other.
inline std::vector<const char*> json_omitted_when_default(const void*) { return {}; }

template <class Type>
void omit_defaults(nlohmann::json& j) {
  auto omitted = json_omitted_when_default(static_cast<const Type*>(nullptr));
  if (omitted.empty()) return;
  const Type defaults{};
  nlohmann::json default_json = nlohmann::json::object();
  json_write_members(default_json, defaults);
  for (const char* key : omitted)
    if (j.contains(key) && j[key] == default_json[key]) j.erase(key);
}

// `parse` returns an Expected (whose error lists the words there are) or an optional.
template <class Parse>
auto parse_word(Parse parse, const nlohmann::json& j) {
  if (!j.is_string()) throw std::runtime_error("must be a string");
  auto parsed = parse(j.get<std::string>());
  if (!parsed) {
    if constexpr (requires { parsed.error(); })
      throw std::runtime_error(parsed.error());
    else
      throw std::runtime_error(fmt::format("\"{}\" is not a word this gilmatrix knows", j.get<std::string>()));
  }
  return *parsed;
}

}  // namespace gm::json_record

namespace nlohmann {

// Empty: null; files may also leave the key out.
template <class T>
struct adl_serializer<std::optional<T>> {
  static void to_json(json& j, const std::optional<T>& value) {
    if (value)
      j = *value;
    else
      j = nullptr;
  }
  static void from_json(const json& j, std::optional<T>& value) {
    if (j.is_null()) {
      value.reset();
      return;
    }
    T item{};
    gm::json_record::read_value(j, item);
    value = std::move(item);
  }
};

// Seconds, as a number; read back to the nearest millisecond.
template <>
struct adl_serializer<std::chrono::milliseconds> {
  static void to_json(json& j, std::chrono::milliseconds value) { j = std::chrono::duration<double>(value).count(); }
  static void from_json(const json& j, std::chrono::milliseconds& value) {
    if (!j.is_number()) throw std::runtime_error("must be a number of seconds");
    double seconds = j.get<double>();
    if (!std::isfinite(seconds) || seconds < 0 || seconds > 1e12) throw std::runtime_error("is out of range");
    value = std::chrono::milliseconds(std::llround(seconds * 1000));
  }
};

}  // namespace nlohmann

#define GM_JSON_RECORD_TO(member) nlohmann_json_j[#member] = nlohmann_json_t.member;
#define GM_JSON_RECORD_FROM(member) ::gm::json_record::read_member(nlohmann_json_j, #member, nlohmann_json_t.member);
#define GM_JSON_RECORD_NAME(member) #member,
#define GM_JSON_RECORD_ONE(member) +1

// The members only (every one written, none omitted), for a struct whose to_json
// and from_json add more around them.
#define GM_JSON_MEMBERS(Type, ...)                                                               \
  inline void json_write_members(nlohmann::json& nlohmann_json_j, const Type& nlohmann_json_t) { \
    NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(GM_JSON_RECORD_TO, __VA_ARGS__))                    \
  }                                                                                              \
  inline void json_read_members(const nlohmann::json& nlohmann_json_j, Type& nlohmann_json_t) {  \
    if (!nlohmann_json_j.is_object()) throw std::runtime_error("must be an object");             \
    NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(GM_JSON_RECORD_FROM, __VA_ARGS__))                  \
  }                                                                                              \
  /* How many members the JSON holds: a test compares it with the struct's. */                   \
  inline constexpr std::size_t json_member_count(const Type*) {                                  \
    return 0 NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(GM_JSON_RECORD_ONE, __VA_ARGS__));         \
  }

#define GM_JSON_RECORD(Type, ...)                             \
  GM_JSON_MEMBERS(Type, __VA_ARGS__)                          \
  inline void to_json(nlohmann::json& j, const Type& value) { \
    j = nlohmann::json::object();                             \
    json_write_members(j, value);                             \
    ::gm::json_record::omit_defaults<Type>(j);                \
  }                                                           \
  inline void from_json(const nlohmann::json& j, Type& value) { json_read_members(j, value); }

#define GM_JSON_OMIT_WHEN_DEFAULT(Type, ...)                                              \
  inline std::vector<const char*> json_omitted_when_default(const Type*) {                \
    return {NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(GM_JSON_RECORD_NAME, __VA_ARGS__))}; \
  }

// Every member left out while it holds its default.
#define GM_JSON_SPARSE_RECORD(Type, ...)       \
  GM_JSON_OMIT_WHEN_DEFAULT(Type, __VA_ARGS__) \
  GM_JSON_RECORD(Type, __VA_ARGS__)

// `to_string(value)` gives the word; `parse(text)` reads it back (an Expected or an optional).
#define GM_JSON_ENUM_BY_NAME(Type, parse)                                      \
  inline void to_json(nlohmann::json& j, Type value) { j = to_string(value); } \
  inline void from_json(const nlohmann::json& j, Type& value) { value = ::gm::json_record::parse_word(parse, j); }
