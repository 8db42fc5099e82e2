#include <catch2/catch.hpp>

#include "report/build_list_output.hpp"
#include "report/run_summary_output.hpp"
#include "report/validate_output.hpp"

using namespace gm;

TEST_CASE("build list: one line and one object per build, in one shape with run's summary", "[report][build_list]") {
  results::BuildRecord ready{"3.13t", results::BuildStatus::ok, "", "source", "/c/3.13t/bin/python3", {}, {}};
  results::BuildRecord missing{"3.12", results::BuildStatus::source_unavailable, "no source for 3.12", "", "", {}, {}};
  std::vector<report::ListedBuild> listed{{&ready, true, false}, {&missing, false, true}};
  CHECK(report::build_list_text(listed) ==
        "3.13t\t/c/3.13t/bin/python3\n"
        "3.12\tskipped: source unavailable: no source for 3.12\n");
  auto json = report::build_list_json(listed);
  CHECK(json.at(0).at("built_now") == true);
  CHECK(json.at(1).at("status") == "source unavailable");
  CHECK(json.at(1).at("skipped") == true);

  results::RunResults run;
  run.builds = {ready, missing};
  run.skip_missing = true;
  auto summary = report::run_summary_json(run, "/out", ExitCode::ok);
  CHECK(summary.at("results") == "/out/results.json");
  auto entry = json.at(1);
  entry.erase("built_now");
  CHECK(summary.at("builds").at(1) == entry);
}

TEST_CASE("validate output: ok with the counts, or how many errors", "[report][validate]") {
  config::MatrixFileVerdict bad{"m.toml", std::nullopt, {"m.toml:3:1: unknown key `worker`"}};
  CHECK(report::validate_line(bad) == "m.toml: 1 error");
  CHECK(report::validate_json(bad).at("ok") == false);
  CHECK_FALSE(report::validate_json(bad).contains("counts"));
  config::MatrixFileVerdict good{"g.toml", config::Matrix{}, {}};
  CHECK(report::validate_line(good) == "g.toml: ok (0 builds, 0 package sets, 0 workloads)");
  CHECK(report::validate_json(good).at("counts").at("workloads") == 0);
}
