#include "report/github_commands.hpp"

#include <fstream>

#include "util/error.hpp"
#include "util/paths.hpp"

namespace gm::report {

std::string escape_command_data(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string escape_command_property(std::string_view text) {
  std::string out;
  for (char c : escape_command_data(text)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

std::string annotation(AnnotationLevel level, std::string_view title, std::string_view message) {
  const char* name = level == AnnotationLevel::error ? "error" : level == AnnotationLevel::warning ? "warning" : "notice";
  return "::" + std::string(name) + " title=" + escape_command_property(title) + "::" + escape_command_data(message) +
         "\n";
}

bool append_step_summary(std::string_view markdown) {
  auto path = getenv_string("GITHUB_STEP_SUMMARY");
  if (!path || path->empty()) return false;
  std::ofstream out(*path, std::ios::app);
  out << markdown;
  if (!markdown.empty() && markdown.back() != '\n') out << '\n';
  out.flush();
  if (!out) throw InfraError("cannot append the step summary to " + *path + " ($GITHUB_STEP_SUMMARY)");
  return true;
}

}  // namespace gm::report
