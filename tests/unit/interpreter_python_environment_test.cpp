#include <catch2/catch.hpp>

#include "scoped_env.hpp"

#include <cstdlib>
#include <optional>
#include <string>

#include "interpreter/python_environment.hpp"

using gm::config::GilMode;
using gm::interpreter::python_environment;

TEST_CASE("python_environment: GIL mode off sets PYTHON_GIL=0", "[interpreter][python_environment]") {
  CHECK(python_environment(GilMode::off).get("PYTHON_GIL") == std::optional<std::string>("0"));
}

TEST_CASE("python_environment: GIL mode on sets PYTHON_GIL=1", "[interpreter][python_environment]") {
  CHECK(python_environment(GilMode::on).get("PYTHON_GIL") == std::optional<std::string>("1"));
}

TEST_CASE("python_environment: the default mode leaves PYTHON_GIL unset", "[interpreter][python_environment]") {
  CHECK_FALSE(python_environment().get("PYTHON_GIL").has_value());
  CHECK_FALSE(python_environment(GilMode::default_mode).get("PYTHON_GIL").has_value());
}

TEST_CASE("python_environment: the caller's PYTHON_GIL and PYTHONPATH never leak in",
          "[interpreter][python_environment]") {
  ScopedEnv gil{"PYTHON_GIL", "1"};
  ScopedEnv path{"PYTHONPATH", "/nonexistent"};
  auto env = python_environment(GilMode::default_mode);
  CHECK_FALSE(env.get("PYTHON_GIL").has_value());
  CHECK_FALSE(env.get("PYTHONPATH").has_value());
  CHECK(python_environment(GilMode::off).get("PYTHON_GIL") == std::optional<std::string>("0"));
}

TEST_CASE("python_environment: user site-packages are off and I/O is UTF-8", "[interpreter][python_environment]") {
  auto env = python_environment();
  CHECK(env.get("PYTHONNOUSERSITE") == std::optional<std::string>("1"));
  CHECK(env.get("PYTHONIOENCODING") == std::optional<std::string>("utf-8"));
  CHECK(env.get("PATH").has_value());
}
