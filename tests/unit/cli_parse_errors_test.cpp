#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli/parse_errors.hpp"

using namespace gm::cli;

namespace {

// A command line like gilmatrix's: `run MATRIX [--resume] [--out DIR]` and `cache list|prune`.
struct Fixture {
  CLI::App app{"test"};
  std::string matrix, out;
  bool resume = false;

  Fixture() {
    app.require_subcommand(1);
    auto* run = app.add_subcommand("run", "run");
    run->add_option("matrix", matrix)->required();
    run->add_option("--out", out);
    run->add_flag("--resume", resume);
    auto* cache = app.add_subcommand("cache", "cache");
    cache->require_subcommand(1);
    cache->add_subcommand("list", "list")->fallthrough();
    cache->add_subcommand("prune", "prune");
  }

  // The message for a command line that fails to parse ("" if it parses).
  std::string parse(std::vector<std::string> args) {
    std::vector<const char*> argv{"gilmatrix"};
    for (const auto& a : args) argv.push_back(a.c_str());
    try {
      app.parse(static_cast<int>(argv.size()), const_cast<char**>(argv.data()));
    } catch (const CLI::ParseError& e) {
      return explain_parse_error(app, e);
    }
    return "";
  }
};

}  // namespace

TEST_CASE("parse errors: a misspelt command is suggested before parsing", "[cli][parse_errors]") {
  Fixture f;
  auto message = unknown_command(f.app, {"rnu", "x.toml"});
  REQUIRE(message);
  CHECK_THAT(*message, Catch::StartsWith("unknown command `gilmatrix rnu`; did you mean `gilmatrix run`?"));
  CHECK_FALSE(unknown_command(f.app, {"--help"}));
  CHECK_FALSE(unknown_command(f.app, {"run", "x.toml"}));
}

TEST_CASE("parse errors: a misspelt option names the nearest and the command's help", "[cli][parse_errors]") {
  Fixture f;
  CHECK(f.parse({"run", "x.toml", "--reusme"}) ==
        "gilmatrix run: unknown option `--reusme`; did you mean `--resume`? Run `gilmatrix run --help` for its "
        "options and examples.");
}

TEST_CASE("parse errors: an unknown option is reported even when the positional is missing", "[cli][parse_errors]") {
  Fixture f;
  CHECK_THAT(f.parse({"run", "--frobnicate"}), Catch::StartsWith("gilmatrix run: unknown option `--frobnicate`.") &&
                                                   Catch::Contains("gilmatrix run --help"));
}

TEST_CASE("parse errors: a misspelt subcommand of a command is suggested", "[cli][parse_errors]") {
  Fixture f;
  CHECK_THAT(f.parse({"cache", "lsit"}), Catch::StartsWith("unknown command `gilmatrix cache lsit`; did you mean "
                                                           "`gilmatrix cache list`?"));
  Fixture g;
  CHECK_THAT(g.parse({"cache"}), Catch::StartsWith("`gilmatrix cache` needs one of: list, prune."));
  Fixture h;
  CHECK_THAT(h.parse({}), Catch::StartsWith("no command given; the commands are: run, cache."));
}
