#pragma once
// GitHub Actions workflow commands (`::error title=...::message`) and the step summary.
#include <string>
#include <string_view>

namespace gm::report {

// Escaping as the runner decodes it: in a message % CR LF; in a property
// value also ':' and ','.
std::string escape_command_data(std::string_view text);
std::string escape_command_property(std::string_view text);

enum class AnnotationLevel { error, warning, notice };

// One line "::error title=T::message\n".
std::string annotation(AnnotationLevel level, std::string_view title, std::string_view message);
// The same on a file's line: "::error file=F,line=L,title=T::message\n" (line 0: the file).
std::string annotation_at(AnnotationLevel level, std::string_view file, int line, std::string_view title,
                          std::string_view message);

// Appends Markdown to the file $GITHUB_STEP_SUMMARY names; false when it is unset.
bool append_step_summary(std::string_view markdown);

}  // namespace gm::report
