#include <catch2/catch.hpp>

#include "report/measurement_sections.hpp"

using namespace gm;
using Catch::Matchers::Contains;

TEST_CASE("how it was measured names the estimator the results file used", "[report][measurement_sections]") {
  results::RunResults run;
  run.measurement.recorded = true;
  run.measurement.isolation = config::Isolation::exclusive;
  run.measurement.sample_time = std::chrono::milliseconds(500);
  run.measurement.ratio_estimator = "trimmed-mean";
  auto now = report::measurement_section(run);
  CHECK_THAT(now, Contains("20% trimmed means of the per-round ratios"));
  CHECK_THAT(now, Contains("Student's t intervals"));
  CHECK_THAT(now, !Contains("bootstrap"));
  run.measurement.ratio_estimator = "median-bootstrap";
  auto before = report::measurement_section(run);
  CHECK_THAT(before, Contains("medians of the per-round ratios"));
  CHECK_THAT(before, Contains("percentile bootstrap"));
}
