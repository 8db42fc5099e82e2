#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gm::exec {

// A child's environment, built explicitly. Nothing from the caller reaches a
// child unless it is on the allow-list below or the caller sets it: a user's
// PYTHON_GIL, PYTHONPATH, PYTHONHOME, PIP_* and friends would otherwise change
// what is measured.
class Environment {
 public:
  // Only the variables a well-behaved child needs (PATH, HOME, locale, TMPDIR, ...).
  static Environment minimal_from_parent();
  static const std::vector<std::string>& inherited_names();

  Environment& set(const std::string& name, std::string value);
  Environment& unset(const std::string& name);
  std::optional<std::string> get(const std::string& name) const;
  const std::map<std::string, std::string>& variables() const { return variables_; }

  // "NAME=value" entries, sorted by name.
  std::vector<std::string> entries() const;

 private:
  std::map<std::string, std::string> variables_;
};

}  // namespace gm::exec
