#include <catch2/catch.hpp>

#include <string>

#include "exec/captured_output.hpp"

using gm::exec::CapturedOutput;

TEST_CASE("captured output: below the cap everything is kept", "[exec][capture]") {
  CapturedOutput out(10);
  out.append("abc");
  out.append("defghij");
  CHECK_FALSE(out.truncated());
  CHECK(out.text() == "abcdefghij");
}

TEST_CASE("captured output: beyond the cap the head and the tail are kept", "[exec][capture]") {
  CapturedOutput out(10);
  for (char c = 'a'; c <= 'z'; ++c) out.append(std::string(1, c));
  CHECK(out.truncated());
  CHECK(out.text() == "abcde\n[... 16 bytes omitted ...]\nvwxyz");
}

TEST_CASE("captured output: one large chunk splits into head and tail", "[exec][capture]") {
  CapturedOutput out(4);
  out.append(std::string(1000, '.') + "END");
  CHECK(out.truncated());
  CHECK(out.text() == "..\n[... 999 bytes omitted ...]\nND");
}

TEST_CASE("captured output: just over the cap counts the dropped bytes exactly", "[exec][capture]") {
  CapturedOutput out(6);
  out.append("1234567");
  CHECK(out.truncated());
  CHECK(out.text() == "123\n[... 1 bytes omitted ...]\n567");
}

TEST_CASE("captured output: a zero cap keeps nothing but says how much was dropped", "[exec][capture]") {
  CapturedOutput out(0);
  out.append("xyz");
  CHECK(out.truncated());
  CHECK(out.text() == "\n[... 3 bytes omitted ...]\n");
}
