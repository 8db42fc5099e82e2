#include "report/github_commands.hpp"

#include <fstream>

#include "util/error.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"

namespace gm::report {

std::string escape_command_data(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f)
      out += printable(std::string(1, c));
    else
      out += c;
  }
  return out;
}

std::string escape_command_property(std::string_view text) {
  std::string out;
  for (char c : escape_command_data(text)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

std::string annotation(AnnotationLevel level, std::string_view title, std::string_view message) {
  return annotation_at(level, "", 0, title, message);
}

std::string annotation_at(AnnotationLevel level, std::string_view file, int line, std::string_view title,
                          std::string_view message) {
  const char* name = level == AnnotationLevel::error     ? "error"
                     : level == AnnotationLevel::warning ? "warning"
                                                         : "notice";
  std::string where;
  if (!file.empty()) where = "file=" + escape_command_property(file) + ",";
  if (!file.empty() && line > 0) where += "line=" + std::to_string(line) + ",";
  return "::" + std::string(name) + " " + where + "title=" + escape_command_property(title) +
         "::" + escape_command_data(message) + "\n";
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
