#pragma once
// One finished cell as the progress output shows it: "KEY 0.512s [0.50,
// 0.52], 2.0 cores busy, 1 round set aside", or "KEY crashed: LAST LINE".
#include <string>

#include "results/model.hpp"

namespace gm::report {

std::string cell_line(const results::CellResult& cell);

}  // namespace gm::report
