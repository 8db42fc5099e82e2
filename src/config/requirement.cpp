#include "config/requirement.hpp"

#include <array>
#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "util/paths.hpp"

namespace gm::config {
namespace {

constexpr std::string_view kWhatIsAccepted =
    "a requirement must be a PEP 508 specifier (e.g. \"pyrsistent==0.20.0\", \"crcmod>=1.7; "
    "python_version >= '3.13'\"), a URL or a local path";

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

bool has_archive_suffix(std::string_view text) {
  for (std::string_view suffix : {".whl", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".zip"})
    if (text.ends_with(suffix)) return true;
  return false;
}

// A URL pip accepts as a requirement: a scheme it knows (optionally behind a
// VCS prefix, git+https), "://", something after it and no spaces.
bool is_url(std::string_view text) {
  auto separator = text.find("://");
  if (separator == std::string_view::npos || separator + 3 >= text.size()) return false;
  auto scheme = text.substr(0, separator);
  for (std::string_view vcs : {"git+", "hg+", "svn+", "bzr+"})
    if (scheme.starts_with(vcs)) {
      scheme.remove_prefix(vcs.size());
      break;
    }
  bool known = false;
  for (std::string_view base : {"https", "http", "file", "ftp", "ssh", "git"}) known |= scheme == base;
  if (!known) return false;
  for (char c : text.substr(separator + 3))
    if (std::isspace(static_cast<unsigned char>(c))) return false;
  return true;
}

// PEP 508's grammar (https://peps.python.org/pep-0508/), checked by recursive descent.
class Pep508 {
 public:
  explicit Pep508(std::string_view text) : text_(text) {}

  std::optional<RequirementProblem> check() {
    skip_spaces();
    if (!identifier()) return problem("a package name (letters, digits, . _ -)");
    skip_spaces();
    if (accept("[")) {
      skip_spaces();
      if (!accept("]")) {
        do {
          skip_spaces();
          if (!identifier()) return problem("an extra's name");
          skip_spaces();
        } while (accept(","));
        if (!accept("]")) return problem("`,` or `]` closing the extras");
      }
      skip_spaces();
    }
    if (accept("@")) {
      skip_spaces();
      std::size_t start = at_;
      while (at_ < text_.size() && !std::isspace(static_cast<unsigned char>(text_[at_]))) ++at_;
      if (!is_url(text_.substr(start, at_ - start))) {
        at_ = start;
        return problem("a URL after `@`");
      }
      if (at_ < text_.size() && !skip_spaces()) return problem("a space after the URL");
    } else if (accept("(")) {
      skip_spaces();
      if (auto failed = version_specifiers()) return failed;
      skip_spaces();
      if (!accept(")")) return problem("`)`");
    } else if (starts_comparison()) {
      if (auto failed = version_specifiers()) return failed;
    }
    skip_spaces();
    if (accept(";")) {
      skip_spaces();
      if (auto failed = marker_or()) return failed;
      skip_spaces();
    }
    if (at_ != text_.size()) return problem("the end of the requirement, a version specifier or `; marker`");
    return std::nullopt;
  }

 private:
  RequirementProblem problem(std::string_view expected) const {
    std::string found = at_ < text_.size() ? fmt::format("`{}`", text_.substr(at_, 16)) : "the end";
    return {at_, fmt::format("expected {} at character {}, found {}; {}", expected, at_ + 1, found, kWhatIsAccepted)};
  }

  bool skip_spaces() {
    std::size_t start = at_;
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t')) ++at_;
    return at_ > start;
  }

  bool accept(std::string_view token) {
    if (text_.substr(at_).starts_with(token)) {
      at_ += token.size();
      return true;
    }
    return false;
  }

  // A name: starts and ends with a letter or digit; . _ - inside.
  bool identifier() {
    std::size_t start = at_;
    while (at_ < text_.size() && (is_alnum(text_[at_]) || text_[at_] == '.' || text_[at_] == '_' || text_[at_] == '-'))
      ++at_;
    if (at_ == start || !is_alnum(text_[start]) || !is_alnum(text_[at_ - 1])) {
      at_ = start;
      return false;
    }
    return true;
  }

  bool starts_comparison() const {
    char c = at_ < text_.size() ? text_[at_] : '\0';
    return c == '<' || c == '>' || c == '=' || c == '!' || c == '~';
  }

  bool comparison() {
    for (std::string_view op : {"===", "<=", ">=", "==", "!=", "~=", "<", ">"})
      if (accept(op)) return true;
    return false;
  }

  std::optional<RequirementProblem> version_specifiers() {
    do {
      skip_spaces();
      if (!comparison()) return problem("a version comparison (== != <= >= < > ~= ===)");
      skip_spaces();
      std::size_t start = at_;
      while (at_ < text_.size() &&
             (is_alnum(text_[at_]) || std::string_view("_.*+!-").find(text_[at_]) != std::string_view::npos))
        ++at_;
      if (at_ == start) return problem("a version");
      skip_spaces();
    } while (accept(","));
    return std::nullopt;
  }

  std::optional<RequirementProblem> marker_or() {
    if (auto failed = marker_and()) return failed;
    while (keyword("or"))
      if (auto failed = marker_and()) return failed;
    return std::nullopt;
  }

  std::optional<RequirementProblem> marker_and() {
    if (auto failed = marker_expression()) return failed;
    while (keyword("and"))
      if (auto failed = marker_expression()) return failed;
    return std::nullopt;
  }

  // Consumes ` word ` when it stands as a whole word.
  bool keyword(std::string_view word) {
    std::size_t start = at_;
    skip_spaces();
    if (accept(word) && (at_ == text_.size() || !is_alnum(text_[at_]))) {
      skip_spaces();
      return true;
    }
    at_ = start;
    return false;
  }

  std::optional<RequirementProblem> marker_expression() {
    skip_spaces();
    if (accept("(")) {
      if (auto failed = marker_or()) return failed;
      skip_spaces();
      if (!accept(")")) return problem("`)` closing the marker");
      return std::nullopt;
    }
    if (!marker_value()) return problem("a marker variable (e.g. python_version) or a quoted string");
    skip_spaces();
    if (!comparison() && !keyword("in") && !(keyword("not") && keyword("in")))
      return problem("a marker operator (== != < <= > >= ~= === in, not in)");
    skip_spaces();
    if (!marker_value()) return problem("a marker variable or a quoted string");
    return std::nullopt;
  }

  bool marker_value() {
    static constexpr std::array<std::string_view, 14> kVariables{"python_version",
                                                                 "python_full_version",
                                                                 "os_name",
                                                                 "sys_platform",
                                                                 "platform_release",
                                                                 "platform_system",
                                                                 "platform_version",
                                                                 "platform_machine",
                                                                 "platform_python_implementation",
                                                                 "implementation_name",
                                                                 "implementation_version",
                                                                 "extra",
                                                                 "os.name",
                                                                 "sys.platform"};
    if (at_ < text_.size() && (text_[at_] == '"' || text_[at_] == '\'')) {
      char quote = text_[at_];
      auto end = text_.find(quote, at_ + 1);
      if (end == std::string_view::npos) return false;
      at_ = end + 1;
      return true;
    }
    std::size_t start = at_;
    while (at_ < text_.size() && (is_alnum(text_[at_]) || text_[at_] == '_' || text_[at_] == '.')) ++at_;
    auto word = text_.substr(start, at_ - start);
    for (auto variable : kVariables)
      if (word == variable) return true;
    at_ = start;
    return false;
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

}  // namespace

tl::expected<RequirementKind, RequirementProblem> classify_requirement(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f)
      return tl::unexpected(RequirementProblem{
          i, fmt::format("control character 0x{:02x} at character {}; {}", c, i + 1, kWhatIsAccepted)});
  }
  std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos)
    return tl::unexpected(RequirementProblem{0, std::string("an empty requirement; ") + std::string(kWhatIsAccepted)});
  if (text[first] == '-')
    return tl::unexpected(
        RequirementProblem{first,
                           "a pip option, not a requirement: options cannot be passed through `requirements`; use the "
                           "package set's `index-url` and `find-links` keys, and list each requirement on its own"});
  if (is_url(text)) return RequirementKind::url;
  if (written_as_path(text)) return RequirementKind::path;
  Pep508 parser(text);
  auto failed = parser.check();
  // "x-1.0.tar.gz" is also a valid name; as pip does, a file name wins unless it is "name @ url".
  if (has_archive_suffix(text) && text.find('@') == std::string_view::npos) return RequirementKind::path;
  if (!failed) return RequirementKind::named;
  // Not a valid specifier, but written like a path ("dist/x-1.0", "src/my-ext"): a local path.
  if (text.find('/') != std::string_view::npos && text.find("://") == std::string_view::npos &&
      text.find_first_of(" ;@") == std::string_view::npos)
    return RequirementKind::path;
  return tl::unexpected(*failed);
}

}  // namespace gm::config
