#include <catch2/catch.hpp>

#include "report/comparison_json.hpp"
#include "report/comparison_markdown.hpp"
#include "report/comparison_text.hpp"
#include "results_builders.hpp"

using namespace gm::report;
using namespace gm::results;

namespace {

Comparison flipped() {
  auto before = test_results::two_builds();
  auto after = test_results::two_builds();
  after.module_checks[1].status = ModuleStatus::reenables_gil;
  after.cells[3].speedup = 1.2;
  after.builds[0].probe->version = "3.13.2";
  auto c = compare_results(before, after);
  c.before_label = "old (2026-11-20T02:00:00Z)";
  c.after_label = "new (2026-11-21T02:00:00Z)";
  return c;
}

}  // namespace

TEST_CASE("comparison text: one line per change and the counts", "[report][comparison]") {
  auto text = render_comparison_text(flipped(), Gate::compatibility);
  CHECK(text ==
        "gilmatrix compare: old (2026-11-20T02:00:00Z) -> new (2026-11-21T02:00:00Z)\n"
        "regression  crcmod._crcfunext on 3.13t: keeps GIL disabled -> re-enables GIL (crcmod 1.7, C API)\n"
        "regression  3.13t/cpu/threads/default/x2: speedup 1.90x -> 1.20x (more than 10% apart; no intervals) "
        "(not gated)\n"
        "changed     build 3.13 changed: 3.13.1, interpreter, /usr/bin/python3.13 -> 3.13.2, interpreter, "
        "/usr/bin/python3.13\n"
        "1 regression (gate: compatibility; 1 more outside it), 0 improvements, 0 warnings, 1 other change; "
        "4 cells and 2 modules compared\n");
}

TEST_CASE("comparison markdown: a table per kind of change, cut at the row limit", "[report][comparison]") {
  auto md = render_comparison_markdown(flipped(), Gate::all, 2, 1);
  CHECK_THAT(md, Catch::Contains("## gilmatrix compare\n\nold (2026-11-20T02:00:00Z) → new (2026-11-21T02:00:00Z): "
                                 "2 regressions (gate: all)"));
  CHECK_THAT(md,
             Catch::Contains("### Regressions\n\n| what | build | subject | before | after |\n|---|---|---|---|---|\n"
                             "| module | 3.13t | crcmod.\\_crcfunext | keeps GIL disabled | re-enables GIL |\n"
                             "\n…and 1 more"));
  CHECK_THAT(md, Catch::Contains("### Other changes"));
  CHECK(md.find("### Improvements") == std::string::npos);
}

TEST_CASE("comparison json: counts, gate and every change", "[report][comparison]") {
  auto j = comparison_to_json(flipped(), Gate::scaling);
  CHECK(j["gate"] == "scaling");
  CHECK(j["regressed"] == true);
  CHECK(j["counts"]["regressions"] == 1);
  CHECK(j["counts"]["regressions_outside_gate"] == 1);
  REQUIRE(j["changes"].size() == 3);
  CHECK(j["changes"][0]["kind"] == "module");
  CHECK(j["changes"][0]["gated"] == false);
  CHECK(j["changes"][1]["area"] == "scaling");
  CHECK(j["changes"][1]["gated"] == true);
}
