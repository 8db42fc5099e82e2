#include <catch2/catch.hpp>

#include "results/status.hpp"

using namespace gm::results;

TEST_CASE("status: every status is written and read back as the word results files hold", "[results][status]") {
  for (auto s : {CellStatus::ok, CellStatus::failed, CellStatus::timeout, CellStatus::crashed, CellStatus::unsupported,
                 CellStatus::not_run, CellStatus::no_space})
    CHECK(parse_cell_status(to_string(s)).value() == s);
  for (auto s :
       {ModuleStatus::keeps_gil_disabled, ModuleStatus::reenables_gil, ModuleStatus::importable,
        ModuleStatus::import_error, ModuleStatus::crashed, ModuleStatus::hung, ModuleStatus::other_interpreter_binary})
    CHECK(parse_module_status(to_string(s)).value() == s);
  for (auto s :
       {BuildStatus::ok, BuildStatus::not_found, BuildStatus::probe_failed, BuildStatus::source_unavailable,
        BuildStatus::source_damaged, BuildStatus::build_failed, BuildStatus::no_space, BuildStatus::interrupted})
    CHECK(parse_build_status(to_string(s)).value() == s);
  // The words of results files written before the enums.
  CHECK(std::string(to_string(ModuleStatus::reenables_gil)) == "re-enables GIL");
  CHECK(std::string(to_string(CellStatus::not_run)) == "not run");
  CHECK(std::string(to_string(BuildStatus::no_space)) == "disk full");
  CHECK(fmt::format("{}", ModuleStatus::hung) == "hung");
}

TEST_CASE("status: an unknown word is refused with the words there are", "[results][status]") {
  auto parsed = parse_module_status("reenables gil");
  REQUIRE_FALSE(parsed);
  CHECK(parsed.error() ==
        "\"reenables gil\" is not one of \"keeps GIL disabled\", \"re-enables GIL\", \"importable\", \"import error\", "
        "\"crashed\", \"hung\", \"built for another interpreter\"");
  CHECK_FALSE(parse_cell_status("OK"));
}
