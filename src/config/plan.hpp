#pragma once
#include <string>
#include <vector>

#include "config/expand.hpp"

namespace gm::config {

// The cells a run of a matrix would measure on this machine.
struct Plan {
  Expansion expansion;
  std::vector<std::string> build_notes;  // builds whose cells are not listed, and why
  int usable_cores = 0;
};

}  // namespace gm::config
