#include "compat/declaration.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "util/paths.hpp"
#include "util/strings.hpp"

namespace gm::compat {
namespace fs = std::filesystem;

const char* to_string(DeclarationMethod method) {
  switch (method) {
    case DeclarationMethod::py_mod_gil_slot:
      return "Py_mod_gil slot";
    case DeclarationMethod::set_gil_call:
      return "PyUnstable_Module_SetGIL";
    case DeclarationMethod::cython_directive:
      return "Cython freethreading_compatible";
    case DeclarationMethod::pyo3_attribute:
      return "PyO3 gil_used = false";
    case DeclarationMethod::pybind11_tag:
      return "pybind11 py::mod_gil_not_used()";
    case DeclarationMethod::nanobind_flag:
      return "nanobind FREE_THREADED";
  }
  return "?";
}

namespace {

constexpr auto npos = std::string_view::npos;

// One source file being read: its text and where declarations found in it point.
struct Source {
  std::string_view text;
  const fs::path& file;
  std::vector<Declaration>& found;

  void add(DeclarationMethod method, bool not_used, std::size_t pos, std::string module) const {
    auto line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
    found.push_back(Declaration{method, not_used, file, line, std::move(module)});
  }
};

// --- reading text ----------------------------------------------------------

bool is_identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::size_t skip_space(std::string_view text, std::size_t pos) {
  while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
  return pos;
}

// The position of the last character before `pos` that is not white space; npos if none.
std::size_t previous_non_space(std::string_view text, std::size_t pos) {
  while (pos > 0) {
    if (!std::isspace(static_cast<unsigned char>(text[--pos]))) return pos;
  }
  return npos;
}

std::string_view identifier_at(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return {};
  auto end = pos;
  while (end < text.size() && is_identifier_char(text[end])) ++end;
  return text.substr(pos, end - pos);
}

// Where `word` occurs as a whole identifier (not inside a longer one).
std::vector<std::size_t> word_positions(std::string_view text, std::string_view word) {
  std::vector<std::size_t> positions;
  for (auto pos = text.find(word); pos != npos; pos = text.find(word, pos + 1)) {
    auto end = pos + word.size();
    if ((pos == 0 || !is_identifier_char(text[pos - 1])) && (end == text.size() || !is_identifier_char(text[end])))
      positions.push_back(pos);
  }
  return positions;
}

bool starts_with_at(std::string_view text, std::size_t pos, std::string_view prefix) {
  return pos < text.size() && text.substr(pos).starts_with(prefix);
}

// The position of the bracket closing the one at `open`; npos when it is not closed.
std::size_t closing_bracket(std::string_view text, std::size_t open) {
  const char opening = text[open];
  const char closing = opening == '(' ? ')' : opening == '[' ? ']' : '}';
  int depth = 0;
  for (auto pos = open; pos < text.size(); ++pos) {
    if (text[pos] == opening)
      ++depth;
    else if (text[pos] == closing && --depth == 0)
      return pos;
  }
  return npos;
}

// What the brackets starting at `open` enclose, if `open` is that bracket and it is closed.
std::optional<std::string_view> bracketed(std::string_view text, std::size_t open, char opening) {
  if (open >= text.size() || text[open] != opening) return std::nullopt;
  auto close = closing_bracket(text, open);
  if (close == npos) return std::nullopt;
  return text.substr(open + 1, close - open - 1);
}

// Arguments separated by commas outside brackets, trimmed.
std::vector<std::string> split_arguments(std::string_view text) {
  std::vector<std::string> arguments;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t pos = 0; pos <= text.size(); ++pos) {
    char c = pos < text.size() ? text[pos] : ',';
    if (c == '(' || c == '[' || c == '{')
      ++depth;
    else if (c == ')' || c == ']' || c == '}')
      --depth;
    else if (c == ',' && depth <= 0) {
      arguments.push_back(trim(text.substr(start, pos - start)));
      start = pos + 1;
    }
  }
  return arguments;
}

std::optional<std::string> string_literal(std::string_view text) {
  text = std::string_view(text).substr(skip_space(text, 0));
  if (text.size() < 2 || text.front() != '"') return std::nullopt;
  auto end = text.find('"', 1);
  if (end == npos) return std::nullopt;
  return std::string(text.substr(1, end - 1));
}

// `key = value` (or `key: value`), the key possibly quoted; nullopt for another key.
std::optional<std::string> option_value(std::string_view argument, std::string_view key) {
  auto pos = skip_space(argument, 0);
  if (starts_with_at(argument, pos, "\"") || starts_with_at(argument, pos, "'")) ++pos;
  if (identifier_at(argument, pos) != key) return std::nullopt;
  pos += key.size();
  if (starts_with_at(argument, pos, "\"") || starts_with_at(argument, pos, "'")) ++pos;
  pos = skip_space(argument, pos);
  if (!starts_with_at(argument, pos, "=") && !starts_with_at(argument, pos, ":")) return std::nullopt;
  return trim(argument.substr(pos + 1));
}

// true/false as Python, TOML and Rust write them.
std::optional<bool> boolean(std::string_view word) {
  if (word == "True" || word == "true") return true;
  if (word == "False" || word == "false") return false;
  return std::nullopt;
}

// Whether the line holding `pos` is a comment (it starts with one of `markers`),
// so that prose naming a macro is not taken for code.
bool on_comment_line(std::string_view text, std::size_t pos, std::initializer_list<std::string_view> markers) {
  auto line_start = text.rfind('\n', pos);
  auto first = skip_space(text, line_start == npos ? 0 : line_start + 1);
  return std::any_of(markers.begin(), markers.end(),
                     [&](std::string_view marker) { return first <= pos && starts_with_at(text, first, marker); });
}

std::string last_component(std::string_view dotted) {
  auto dot = dotted.rfind('.');
  return std::string(dot == npos ? dotted : dotted.substr(dot + 1));
}

// --- C and C++ -------------------------------------------------------------

// A `PyModuleDef variable = {...}` definition.
struct ModuleDef {
  std::string_view variable;
  std::string_view body;
  std::string name;  // m_name when it is a string literal
};

std::vector<ModuleDef> module_defs(std::string_view text) {
  std::vector<ModuleDef> defs;
  for (auto pos : word_positions(text, "PyModuleDef")) {
    auto p = skip_space(text, pos + std::string_view("PyModuleDef").size());
    auto variable = identifier_at(text, p);
    if (variable.empty()) continue;
    p = skip_space(text, p + variable.size());
    if (!starts_with_at(text, p, "=")) continue;
    auto body = bracketed(text, skip_space(text, p + 1), '{');
    if (!body) continue;
    ModuleDef def{variable, *body, ""};
    if (auto field = body->find(".m_name"); field != npos) {
      auto value = option_value(body->substr(field + 1), "m_name");
      if (value) def.name = string_literal(*value).value_or("");
    } else if (auto head = word_positions(*body, "PyModuleDef_HEAD_INIT"); !head.empty()) {
      auto arguments = split_arguments(body->substr(head.front()));
      if (arguments.size() > 1) def.name = string_literal(arguments[1]).value_or("");
    }
    defs.push_back(def);
  }
  return defs;
}

// The module a declaration at `pos` belongs to: the definition `linked` names
// (the one holding the slot array, or the one PyModule_Create was given), else
// the file's only definition, else the file's only PyInit_ function.
std::string c_module_name(std::string_view text, const std::vector<ModuleDef>& defs,
                          const std::optional<ModuleDef>& linked) {
  if (linked && !linked->name.empty()) return linked->name;
  if (defs.size() == 1 && !defs.front().name.empty()) return defs.front().name;
  std::vector<std::string_view> init_functions;
  for (auto pos = text.find("PyInit_"); pos != npos; pos = text.find("PyInit_", pos + 1)) {
    if (pos > 0 && is_identifier_char(text[pos - 1])) continue;
    auto name = identifier_at(text, pos).substr(std::string_view("PyInit_").size());
    if (!name.empty() && std::find(init_functions.begin(), init_functions.end(), name) == init_functions.end())
      init_functions.push_back(name);
  }
  return init_functions.size() == 1 ? std::string(init_functions.front()) : "";
}

std::optional<ModuleDef> def_mentioning(const std::vector<ModuleDef>& defs, std::string_view identifier) {
  if (identifier.empty()) return std::nullopt;
  for (const auto& def : defs)
    if (!word_positions(def.body, identifier).empty()) return def;
  return std::nullopt;
}

std::optional<bool> gil_macro(std::string_view word) {
  if (word == "Py_MOD_GIL_NOT_USED") return true;
  if (word == "Py_MOD_GIL_USED") return false;
  return std::nullopt;
}

// {Py_mod_gil, Py_MOD_GIL_NOT_USED} or {.slot = Py_mod_gil, .value = ...}.
void scan_gil_slots(const Source& source, const std::vector<ModuleDef>& defs) {
  auto text = source.text;
  for (auto pos : word_positions(text, "Py_mod_gil")) {
    auto before = previous_non_space(text, pos);
    if (before != npos && text[before] == '=') {
      before = previous_non_space(text, before);
      if (before == npos || before < 4 || text.substr(before - 4, 5) != ".slot") continue;
      before = previous_non_space(text, before - 4);
    }
    if (before == npos || text[before] != '{' || on_comment_line(text, pos, {"//", "/*", "*"})) continue;
    auto p = skip_space(text, pos + std::string_view("Py_mod_gil").size());
    if (!starts_with_at(text, p, ",")) continue;
    p = skip_space(text, p + 1);
    if (starts_with_at(text, p, ".value")) {
      p = skip_space(text, p + std::string_view(".value").size());
      if (!starts_with_at(text, p, "=")) continue;
      p = skip_space(text, p + 1);
    }
    auto value = identifier_at(text, p);
    auto not_used = gil_macro(value);
    if (!not_used || !starts_with_at(text, skip_space(text, p + value.size()), "}")) continue;
    // The slot array is the last PyModuleDef_Slot declared before the slot.
    std::string_view array;
    if (auto declared = text.rfind("PyModuleDef_Slot", pos); declared != npos)
      array = identifier_at(text, skip_space(text, declared + std::string_view("PyModuleDef_Slot").size()));
    source.add(DeclarationMethod::py_mod_gil_slot, *not_used, pos,
               c_module_name(text, defs, def_mentioning(defs, array)));
  }
}

// PyUnstable_Module_SetGIL(module, Py_MOD_GIL_NOT_USED) after PyModule_Create(&def).
void scan_set_gil_calls(const Source& source, const std::vector<ModuleDef>& defs) {
  auto text = source.text;
  for (auto pos : word_positions(text, "PyUnstable_Module_SetGIL")) {
    if (on_comment_line(text, pos, {"//", "/*", "*"})) continue;
    auto arguments = bracketed(text, skip_space(text, pos + std::string_view("PyUnstable_Module_SetGIL").size()), '(');
    if (!arguments) continue;
    auto split = split_arguments(*arguments);
    auto not_used = split.size() == 2 ? gil_macro(split[1]) : std::nullopt;
    if (!not_used) continue;  // the function's own declaration, or a value only the compiler knows
    // The definition given to the last PyModule_Create before the call.
    std::optional<ModuleDef> created;
    std::optional<std::size_t> create;
    for (std::string_view function : {"PyModule_Create", "PyModule_Create2"})
      for (auto at : word_positions(text.substr(0, pos), function))
        if (!create || at > *create) create = at;
    if (create) {
      auto call = bracketed(text, skip_space(text, *create + identifier_at(text, *create).size()), '(');
      auto call_arguments = call ? split_arguments(*call) : std::vector<std::string>{};
      if (!call_arguments.empty()) {
        auto def = std::string_view(call_arguments.front());
        if (def.starts_with("&")) def.remove_prefix(1);
        for (const auto& candidate : defs)
          if (candidate.variable == trim(def)) created = candidate;
      }
    }
    source.add(DeclarationMethod::set_gil_call, *not_used, pos, c_module_name(text, defs, created));
  }
}

// PYBIND11_MODULE(name, m, py::mod_gil_not_used()); mod_gil_not_used(false) says the GIL is used.
void scan_pybind11_modules(const Source& source) {
  auto text = source.text;
  for (auto pos : word_positions(text, "PYBIND11_MODULE")) {
    if (on_comment_line(text, pos, {"//", "/*", "*", "#"})) continue;  // '#': the macro's own #define
    auto arguments = bracketed(text, skip_space(text, pos + std::string_view("PYBIND11_MODULE").size()), '(');
    if (!arguments) continue;
    auto split = split_arguments(*arguments);
    for (std::size_t i = 2; i < split.size(); ++i) {
      auto tag = split[i].find("mod_gil_not_used");
      if (tag == std::string::npos) continue;
      auto flag = bracketed(split[i], skip_space(split[i], tag + std::string_view("mod_gil_not_used").size()), '(');
      bool not_used = !flag || boolean(trim(*flag)).value_or(true);
      source.add(DeclarationMethod::pybind11_tag, not_used, pos, split.front());
    }
  }
}

void scan_c(const Source& source) {
  auto defs = module_defs(source.text);
  scan_gil_slots(source, defs);
  scan_set_gil_calls(source, defs);
  scan_pybind11_modules(source);
}

// --- Cython ----------------------------------------------------------------

// `# cython: freethreading_compatible=True` among the comment lines that open
// the file; Cython reads directive comments only there.
void scan_cython_header(const Source& source) {
  auto text = source.text;
  for (std::size_t here = 0, end = 0; here < text.size(); here = end + 1) {
    end = std::min(text.find('\n', here), text.size());
    auto line = trim(text.substr(here, end - here));
    if (line.empty()) continue;
    if (!line.starts_with("#")) return;
    auto rest = trim(std::string_view(line).substr(1));
    if (!rest.starts_with("cython")) continue;
    rest = trim(std::string_view(rest).substr(6));
    if (!rest.starts_with(":")) continue;
    for (const auto& directive : split_arguments(std::string_view(rest).substr(1)))
      if (auto value = option_value(directive, "freethreading_compatible"))
        if (auto flag = boolean(*value))
          source.add(DeclarationMethod::cython_directive, *flag, here, source.file.stem().string());
  }
}

// freethreading_compatible given to cythonize for every module it compiles:
// compiler_directives={"freethreading_compatible": True} in setup.py,
// '-Xfreethreading_compatible=True' in meson.build.
void scan_cython_options(const Source& source) {
  auto text = source.text;
  constexpr std::string_view kKey = "freethreading_compatible";
  for (auto pos = text.find(kKey); pos != npos; pos = text.find(kKey, pos + 1)) {
    if (on_comment_line(text, pos, {"#"})) continue;
    auto line_end = text.find('\n', pos);
    auto value = option_value(text.substr(pos, line_end == npos ? npos : line_end - pos), kKey);
    if (!value) continue;
    auto word = std::string_view(*value);
    if (word.starts_with("\"") || word.starts_with("'")) word.remove_prefix(1);
    if (auto flag = boolean(identifier_at(word, 0))) source.add(DeclarationMethod::cython_directive, *flag, pos, "");
  }
}

// --- Rust: PyO3 ------------------------------------------------------------

// #[pymodule(gil_used = false)] on `fn name` or `mod name`; the module's name
// is that, unless name = "..." (in #[pymodule(...)] or a following #[pyo3(...)]) renames it.
void scan_pyo3_modules(const Source& source) {
  auto text = source.text;
  for (auto pos : word_positions(text, "pymodule")) {
    auto attribute_start = pos;
    if (text.substr(0, pos).ends_with("pyo3::")) attribute_start -= std::string_view("pyo3::").size();
    if (text.substr(0, attribute_start).ends_with("::")) attribute_start -= 2;
    auto open = previous_non_space(text, attribute_start);
    if (open == npos || open == 0 || text[open] != '[' || text[open - 1] != '#') continue;
    if (on_comment_line(text, pos, {"//"})) continue;
    std::optional<bool> gil_used;
    std::optional<std::string> name;
    auto read_options = [&](std::string_view options) {
      for (const auto& option : split_arguments(options)) {
        if (auto value = option_value(option, "gil_used")) gil_used = boolean(*value);
        if (auto value = option_value(option, "name")) name = string_literal(*value);
      }
    };
    auto close = closing_bracket(text, open);
    if (close == npos) continue;
    auto after_name = skip_space(text, pos + std::string_view("pymodule").size());
    if (auto options = bracketed(text, after_name, '('); options && after_name < close) read_options(*options);
    auto declared_at = gil_used ? open - 1 : npos;
    // Further attributes and doc comments, then the item.
    auto p = skip_space(text, close + 1);
    while (p < text.size()) {
      if (starts_with_at(text, p, "//")) {
        p = skip_space(text, text.find('\n', p) == npos ? text.size() : text.find('\n', p));
      } else if (starts_with_at(text, p, "#[")) {
        auto end = closing_bracket(text, p + 1);
        if (end == npos) break;
        auto inner = text.substr(p + 2, end - p - 2);
        if (inner.starts_with("pyo3")) {
          auto had = gil_used.has_value();
          if (auto options = bracketed(inner, skip_space(inner, 4), '(')) read_options(*options);
          if (!had && gil_used) declared_at = p;
        }
        p = skip_space(text, end + 1);
      } else {
        break;
      }
    }
    if (!gil_used) continue;
    for (auto word = identifier_at(text, p); word == "pub" || word == "unsafe"; word = identifier_at(text, p)) {
      p = skip_space(text, p + word.size());
      if (auto scope = bracketed(text, p, '(')) p = skip_space(text, p + scope->size() + 2);
    }
    auto item = identifier_at(text, p);
    std::string module;
    if (item == "fn" || item == "mod") module = identifier_at(text, skip_space(text, p + item.size()));
    source.add(DeclarationMethod::pyo3_attribute, !*gil_used, declared_at, name.value_or(module));
  }
}

// --- CMake: nanobind -------------------------------------------------------

// nanobind_add_module(name [options] FREE_THREADED ... sources)
void scan_nanobind_modules(const Source& source) {
  auto text = source.text;
  for (auto pos : word_positions(text, "nanobind_add_module")) {
    if (on_comment_line(text, pos, {"#"})) continue;
    auto arguments = bracketed(text, skip_space(text, pos + std::string_view("nanobind_add_module").size()), '(');
    if (!arguments) continue;
    std::vector<std::string> words;
    for (const auto& line : split_lines(*arguments)) {
      auto comment = line.find('#');
      for (auto& word : split_whitespace(std::string_view(line).substr(0, comment))) words.push_back(word);
    }
    if (words.empty() || std::find(words.begin() + 1, words.end(), "FREE_THREADED") == words.end()) continue;
    auto name = words.front();
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    if (name.find("${") != std::string::npos) name.clear();  // set elsewhere
    source.add(DeclarationMethod::nanobind_flag, true, pos, name);
  }
}

// --- the tree --------------------------------------------------------------

using Scanner = void (*)(const Source&);

Scanner scanner_for(const fs::path& file) {
  static constexpr std::array<std::string_view, 10> kCExtensions = {".c",   ".h",   ".cc", ".cpp", ".cxx",
                                                                    ".c++", ".hpp", ".hh", ".hxx", ".inc"};
  auto name = file.filename().string();
  auto extension = file.extension().string();
  if (std::find(kCExtensions.begin(), kCExtensions.end(), extension) != kCExtensions.end()) return scan_c;
  if (extension == ".pyx") return scan_cython_header;
  if (extension == ".rs") return scan_pyo3_modules;
  if (name == "CMakeLists.txt") return scan_nanobind_modules;
  if (name == "setup.py" || name == "pyproject.toml" || name == "meson.build") return scan_cython_options;
  return nullptr;
}

constexpr std::uintmax_t kLargestFile = 4 * 1024 * 1024;

// Folders of build output, and copies of the binding libraries themselves:
// pybind11's and nanobind's code call PyUnstable_Module_SetGIL for whichever
// module asks them to, and PyO3's tests declare modules of their own.
bool skipped_directory(const fs::path& dir) {
  auto name = dir.filename().string();
  if (name == ".git" || name == "build" || name == "__pycache__" || name == "node_modules") return true;
  std::error_code ec;
  for (std::string_view library : {"pybind11", "nanobind"})
    if (fs::exists(dir / "include" / library / (std::string(library) + ".h"), ec) ||
        (name == library && fs::exists(dir / (std::string(library) + ".h"), ec)))
      return true;
  // cargo vendor names a crate's folder `pyo3`, or `pyo3-0.23.3` beside another version.
  bool pyo3 = name == "pyo3" ||
              (name.starts_with("pyo3-") && name.size() > 5 && std::isdigit(static_cast<unsigned char>(name[5])));
  return pyo3 && fs::exists(dir / "Cargo.toml", ec);
}

}  // namespace

std::vector<Declaration> find_declarations(const fs::path& source_root) {
  std::vector<Declaration> found;
  std::error_code ec;
  auto options = fs::directory_options::skip_permission_denied;
  for (auto it = fs::recursive_directory_iterator(source_root, options, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec)) {
      if (skipped_directory(it->path())) it.disable_recursion_pending();
      continue;
    }
    auto scan = scanner_for(it->path());
    if (!scan || !it->is_regular_file(ec) || it->file_size(ec) > kLargestFile || ec) continue;
    auto text = read_text_file(it->path());
    if (!text) continue;
    auto relative = it->path().lexically_relative(source_root);
    scan(Source{*text, relative, found});
  }
  std::stable_sort(found.begin(), found.end(), [](const Declaration& a, const Declaration& b) {
    return a.file != b.file ? a.file < b.file : a.line < b.line;
  });
  return found;
}

std::optional<Declaration> declaration_for(const std::vector<Declaration>& found, const std::string& module) {
  auto wanted = last_component(module);
  for (const auto& declaration : found)
    if (!declaration.module.empty() && last_component(declaration.module) == wanted) return declaration;
  // A declaration that names no module (cythonize's directives, a name held in
  // a macro) is taken only when nothing else in the tree could be meant.
  bool one_unnamed_file = !found.empty() && std::all_of(found.begin(), found.end(), [&](const Declaration& d) {
    return d.file == found.front().file && d.module.empty();
  });
  if (one_unnamed_file) return found.front();
  return std::nullopt;
}

}  // namespace gm::compat
