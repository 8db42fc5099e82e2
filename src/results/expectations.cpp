#include "results/expectations.hpp"

#include <cmath>

#include <fmt/format.h>

#include "util/strings.hpp"

namespace gm::results {

namespace {

Expected<SpeedupBound> parse_bound(const nlohmann::json& j) {
  if (j.is_object() && j.size() == 1 && j.contains("serial") && j["serial"].is_number()) {
    double serial = j["serial"].get<double>();
    if (serial < 0 || serial > 1) return fail(fmt::format("{}: the serial share is between 0 and 1", j.dump()));
    return SpeedupBound{1, false, serial};
  }
  if (j.is_number()) {
    double value = j.get<double>();
    if (!(value > 0)) return fail(fmt::format("{} is not a positive speedup", j.dump()));
    return SpeedupBound{value, false, std::nullopt};
  }
  if (j.is_string()) {
    auto text = j.get<std::string>();
    if (!text.empty() && text.back() == 'N') {
      auto factor_text = text.substr(0, text.size() - 1);
      if (factor_text.empty()) return SpeedupBound{1, true, std::nullopt};
      try {
        std::size_t used = 0;
        double factor = std::stod(factor_text, &used);
        if (used == factor_text.size() && factor > 0) return SpeedupBound{factor, true, std::nullopt};
      } catch (const std::exception&) {
      }
    }
  }
  return fail(
      fmt::format("{} is not a speedup: write a number, \"N\", e.g. \"0.5N\", or {{\"serial\": 0.5}}", j.dump()));
}

Expected<SpeedupBand> parse_band(const nlohmann::json& j) {
  if (j.is_array()) {
    if (j.size() != 2) return fail(fmt::format("{}: a range has two ends, [low, high]", j.dump()));
    auto low = parse_bound(j[0]);
    if (!low) return fail(low.error());
    auto high = parse_bound(j[1]);
    if (!high) return fail(high.error());
    return SpeedupBand{*low, *high};
  }
  auto bound = parse_bound(j);
  if (!bound) return fail(bound.error());
  return SpeedupBand{*bound, *bound};
}

std::string number_text(double value) {
  return std::fabs(value - std::round(value)) < 1e-9 ? fmt::format("{}", std::lround(value))
                                                     : fmt::format("{:g}", value);
}

}  // namespace

double SpeedupBound::at(int workers) const {
  if (serial) return workers / (workers * *serial + 1 - *serial);
  return per_worker ? factor * workers : factor;
}

std::string SpeedupBound::text() const {
  if (serial) return fmt::format("Amdahl(serial {})", number_text(*serial));
  if (!per_worker) return number_text(factor);
  return factor == 1 ? "N" : number_text(factor) + "N";
}

std::string SpeedupBand::describe(int workers) const {
  double lo = low.at(workers), hi = high.at(workers);
  if (std::fabs(lo - hi) < 1e-9) return fmt::format("about {}x", number_text(std::round(lo * 100) / 100));
  return fmt::format("{}x to {}x", number_text(std::round(lo * 100) / 100), number_text(std::round(hi * 100) / 100));
}

Expected<Expectations> parse_expectations(const nlohmann::json& declared) {
  Expectations out;
  if (declared.is_null()) return out;
  if (!declared.is_object())
    return fail("EXPECTED_SPEEDUP must be a dict of executor names, e.g. {\"threads\": \"N\"}");
  for (const auto& [executor, spec] : declared.items()) {
    if (!config::parse_executor(executor))
      return fail(fmt::format("EXPECTED_SPEEDUP: unknown executor \"{}\" ({})", executor,
                              join(config::executor_names(), ", ")));
    ExecutorExpectation expectation;
    if (spec.is_object()) {
      for (const auto& [kind, band_spec] : spec.items()) {
        auto band = parse_band(band_spec);
        if (!band) return fail(fmt::format("EXPECTED_SPEEDUP[\"{}\"][\"{}\"]: {}", executor, kind, band.error()));
        if (kind == "gil")
          expectation.gil = *band;
        else if (kind == "free-threaded")
          expectation.free_threaded = *band;
        else
          return fail(
              fmt::format("EXPECTED_SPEEDUP[\"{}\"]: unknown build kind \"{}\" (gil, free-threaded)", executor, kind));
      }
    } else {
      auto band = parse_band(spec);
      if (!band) return fail(fmt::format("EXPECTED_SPEEDUP[\"{}\"]: {}", executor, band.error()));
      expectation.gil = expectation.free_threaded = *band;
    }
    out[executor] = expectation;
  }
  return out;
}

std::optional<SpeedupBand> expected_band(const Expectations& expectations, config::Executor executor,
                                         bool free_threaded_build, config::GilMode mode) {
  auto it = expectations.find(config::to_string(executor));
  if (it == expectations.end()) return std::nullopt;
  bool gil_by_design = !free_threaded_build || mode == config::GilMode::on;
  return gil_by_design ? it->second.gil : it->second.free_threaded;
}

}  // namespace gm::results
