#pragma once
// The JSON the Python scripts write, as C++ structs.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/error.hpp"

namespace gm::harness {

struct ProbeInfo {
  std::string executable;
  std::string version;  // "3.13.0"
  std::string implementation;
  bool free_threaded = false;  // Py_GIL_DISABLED
  bool gil_enabled = true;     // sys._is_gil_enabled() at start, PYTHON_GIL unset
  std::string ext_suffix;
  std::string abiflags;
  std::string soabi;
  std::string platform;
  std::string compiler;
  std::string prefix;
  std::string config_args;
  bool in_venv = false;
  bool subinterpreters = false;
};

struct RunnerResult {
  std::string status;  // ok | failed | unsupported
  std::vector<double> samples;
  int iterations = 0;
  std::optional<bool> gil_enabled_at_start;
  std::optional<bool> gil_enabled_after_import;
  std::optional<bool> gil_enabled_after;
  std::string error;
};

Expected<ProbeInfo> parse_probe(const std::string& json_text);
Expected<RunnerResult> parse_runner_result(const std::string& json_text);

void to_json(nlohmann::json& j, const ProbeInfo& info);
void from_json(const nlohmann::json& j, ProbeInfo& info);

}  // namespace gm::harness
