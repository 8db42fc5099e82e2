#include <catch2/catch.hpp>

#include "scoped_env.hpp"

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "exec/environment.hpp"
#include "exec/process.hpp"
#include "util/strings.hpp"

using gm::exec::Environment;

namespace {

const std::vector<std::string> kPoisoned{"PYTHON_GIL",    "PYTHONPATH",     "PYTHONHOME",
                                         "PYTHONSTARTUP", "PYTHONWARNINGS", "PIP_FIND_LINKS"};

// A caller environment full of variables that would change what is measured.
struct PoisonedParent {
  ScopedEnv gil{"PYTHON_GIL", "1"};
  ScopedEnv path{"PYTHONPATH", "/nonexistent"};
  ScopedEnv home{"PYTHONHOME", "/nonexistent/home"};
  ScopedEnv startup{"PYTHONSTARTUP", "/nonexistent/startup.py"};
  ScopedEnv warnings{"PYTHONWARNINGS", "error"};
  ScopedEnv pip{"PIP_FIND_LINKS", "/nonexistent/wheels"};
};

std::vector<std::string> names_in_env_output(const std::string& out) {
  std::vector<std::string> names;
  for (const auto& line : gm::split_lines(out)) names.push_back(line.substr(0, line.find('=')));
  return names;
}

}  // namespace

TEST_CASE("environment: minimal_from_parent drops the caller's Python and pip variables", "[exec][environment]") {
  PoisonedParent parent;
  REQUIRE(std::getenv("PYTHON_GIL") != nullptr);
  auto env = Environment::minimal_from_parent();
  for (const auto& name : kPoisoned) {
    INFO(name);
    CHECK_FALSE(env.get(name).has_value());
  }
}

TEST_CASE("environment: minimal_from_parent keeps allow-listed variables", "[exec][environment]") {
  ScopedEnv home{"HOME", "/home/gilmatrix-test"};
  ScopedEnv lang{"LANG", "C.UTF-8"};
  auto env = Environment::minimal_from_parent();
  CHECK(env.get("HOME") == std::optional<std::string>("/home/gilmatrix-test"));
  CHECK(env.get("LANG") == std::optional<std::string>("C.UTF-8"));
}

TEST_CASE("environment: every inherited variable is on the allow-list", "[exec][environment]") {
  PoisonedParent parent;
  const auto& allowed = Environment::inherited_names();
  auto env = Environment::minimal_from_parent();
  for (const auto& [name, value] : env.variables()) {
    INFO(name);
    CHECK(std::find(allowed.begin(), allowed.end(), name) != allowed.end());
  }
}

TEST_CASE("environment: a default PATH is supplied when the caller has none", "[exec][environment]") {
  ScopedEnv path{"PATH", nullptr};
  auto env = Environment::minimal_from_parent();
  CHECK(env.get("PATH") == std::optional<std::string>("/usr/local/bin:/usr/bin:/bin"));
}

TEST_CASE("environment: a real child sees none of the caller's Python and pip variables", "[exec][environment]") {
  PoisonedParent parent;
  gm::exec::ProcessSpec spec;
  spec.argv = {"/usr/bin/env"};
  spec.env = Environment::minimal_from_parent();
  spec.env.set("GILMATRIX_TEST_MARKER", "present");
  spec.timeout = std::chrono::seconds(60);
  gm::exec::SystemProcessRunner runner;
  auto result = runner.run(spec);
  REQUIRE(result.ok());
  auto names = names_in_env_output(result.out);
  // The child does receive what the spec sets.
  CHECK(std::find(names.begin(), names.end(), "GILMATRIX_TEST_MARKER") != names.end());
  for (const auto& name : kPoisoned) {
    INFO(name);
    CHECK(std::find(names.begin(), names.end(), name) == names.end());
  }
  CHECK(names.size() == spec.env.variables().size());
}

TEST_CASE("environment: set, get and unset", "[exec][environment]") {
  Environment env;
  CHECK_FALSE(env.get("A").has_value());
  env.set("A", "1").set("B", "");
  CHECK(env.get("A") == std::optional<std::string>("1"));
  CHECK(env.get("B") == std::optional<std::string>(""));
  env.set("A", "2");
  CHECK(env.get("A") == std::optional<std::string>("2"));
  env.unset("A").unset("never-set");
  CHECK_FALSE(env.get("A").has_value());
}

TEST_CASE("environment: entries are NAME=value sorted by name", "[exec][environment]") {
  Environment env;
  env.set("ZED", "last").set("ALPHA", "a=b").set("MID", "");
  CHECK(env.entries() == std::vector<std::string>{"ALPHA=a=b", "MID=", "ZED=last"});
}
