#include <catch2/catch.hpp>

#include "measure/noise_floor.hpp"

using namespace gm::measure;

TEST_CASE("noise floor: a quiet machine needs few rounds, a noisy one many", "[measure][noise_floor]") {
  CHECK(predicted_rounds(0.0, 2, 0.03) == 3);  // never fewer than the minimum
  int quiet = predicted_rounds(0.02, 2, 0.03);
  int noisy = predicted_rounds(0.10, 2, 0.03);
  CHECK(quiet == 4);   // t(2) x 0.02 / sqrt(2) / sqrt(3) = 3.5% is too wide; t(3) x ... / sqrt(4) = 2.2%
  CHECK(noisy == 24);  // t(23) x 0.10 / sqrt(2) / sqrt(24) = 2.99%, t(22) x ... / sqrt(23) = 3.06%
  CHECK(predicted_rounds(0.10, 2, 0.06) < noisy);
  CHECK(predicted_rounds(0.10, 2, 0) == 0);
}

TEST_CASE("noise floor: spreads of the samples and of neighbouring ratios", "[measure][noise_floor]") {
  NoiseSamples s;
  s.sample_seconds = 0.1;
  s.one_core = {0.10, 0.11, 0.10, 0.11, 0.10, 0.11};
  s.all_cores = {{0.10, 0.10, 0.10, 0.10}, {0.20, 0.20, 0.20, 0.20}};
  s.steal_share = 0.02;
  auto floor = summarize_noise(s, 2, 0.03);
  CHECK(floor.samples == 6);
  CHECK(floor.cv_one_core == Approx(0.0518).margin(0.001));
  CHECK(floor.cv_all_cores == Approx(0.0));  // each core steady on its own
  CHECK(floor.pair_cv > 0.05);               // alternating samples: every neighbour differs by ~10%
  CHECK(floor.steal_share == 0.02);
  CHECK(floor.predicted_rounds == predicted_rounds(floor.pair_cv, 2, 0.03));
}
