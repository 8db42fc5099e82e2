#include <catch2/catch.hpp>

#include "report/xml_text.hpp"

using gm::report::xml_escape;

TEST_CASE("xml_escape: markup characters become entities", "[report][xml_text]") {
  CHECK(xml_escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
}

TEST_CASE("xml_escape: tab and newlines stay, other control characters are replaced", "[report][xml_text]") {
  CHECK(xml_escape("a\tb\nc\r") == "a\tb\nc\r");
  CHECK(xml_escape(std::string("x\x01y\x1b[0m", 7)) == "x\xEF\xBF\xBDy\xEF\xBF\xBD[0m");
}

TEST_CASE("xml_escape: UTF-8 passes, broken UTF-8 is replaced", "[report][xml_text]") {
  CHECK(xml_escape("✅ 3.13t — ok") == "✅ 3.13t — ok");
  CHECK(xml_escape("\xC3") == "\xEF\xBF\xBD");                                  // cut short
  CHECK(xml_escape("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong
  CHECK(xml_escape("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
}
