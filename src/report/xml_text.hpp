#pragma once
#include <string>
#include <string_view>

namespace gm::report {

// Text made safe for XML character data and attribute values (JUnit, SVG):
// & < > " ' are escaped, and characters XML 1.0 cannot hold at all (control
// characters other than tab, newline and carriage return, broken UTF-8) become U+FFFD.
std::string xml_escape(std::string_view text);

}  // namespace gm::report
