#pragma once
#include <string>

#include "results/forced_off.hpp"

namespace gm::report {

// "fails only with the GIL forced off (PYTHON_GIL=0); it measured with GIL mode
// default. Extension modules of package set extensions on 3.13t: pvectorc
// (pyrsistent 0.20.0) ❌ re-enables GIL; ..." (Markdown, one paragraph; names escaped).
std::string forced_off_note(const results::ForcedOffFailure& failure);

}  // namespace gm::report
