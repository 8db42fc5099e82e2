#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "results/doctor_facts.hpp"

// The formats of `gilmatrix doctor`, from one set of facts.
namespace gm::report {

// One line per fact, with what to install when a build dependency is missing.
std::string doctor_text(const results::DoctorFacts& facts);

// One object: machine, tools, build_dependencies, interpreters, noise_floor
// (null when not measured), cache, mirrors, healthy.
nlohmann::json doctor_json(const results::DoctorFacts& facts);

}  // namespace gm::report
