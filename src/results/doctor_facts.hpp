#pragma once
// What `gilmatrix doctor` found about the machine: gathered once
// (pipeline/examine_machine.hpp), written as lines or as JSON
// (report/doctor_output.hpp).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cpython_build/build_dependencies.hpp"
#include "results/model.hpp"

namespace gm::results {

struct DoctorFacts {
  struct Machine {
    std::string cpu;
    std::size_t usable_cores = 0;
    int online_cores = 0;
    std::string os;
    std::string kernel;
  };
  struct Tool {
    std::string name;                    // "cc", "make", ...
    std::optional<std::string> version;  // the first line of `NAME --version`; nothing when not found
  };
  struct Interpreter {
    std::filesystem::path python;
    std::string version;
    bool free_threaded = false;
  };
  struct Mirror {
    std::filesystem::path dir;
    bool has_cpython = false;  // a cpython/ folder of release tarballs
  };

  Machine machine;
  std::vector<Tool> tools;
  std::vector<cpython_build::DependencyPackage> build_dependencies;
  std::vector<Interpreter> interpreters;
  std::optional<NoiseFloor> noise_floor;
  std::string noise_not_measured;  // why there is no noise floor
  std::filesystem::path cache_dir;
  std::uintmax_t cache_bytes = 0;
  std::vector<Mirror> mirrors;

  // The build dependencies not installed.
  std::vector<std::string> missing_packages() const {
    std::vector<std::string> missing;
    for (const auto& dependency : build_dependencies)
      if (!dependency.installed) missing.push_back(dependency.package);
    return missing;
  }
  // Ready to build CPython: every build dependency is installed.
  bool healthy() const { return missing_packages().empty(); }
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DoctorFacts::Machine, cpu, usable_cores, online_cores, os, kernel)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DoctorFacts::Interpreter, python, version, free_threaded)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DoctorFacts::Mirror, dir, has_cpython)

}  // namespace gm::results
