#pragma once
// The single-worker cost of free-threading: a free-threaded build against
// the GIL build of the same version, source and configure flags (3.13 and
// 3.13t built from one tarball), per workload. Builds of different versions
// or sources are never paired.
#include <vector>

#include "results/model.hpp"

namespace gm::results {

// True when the two builds differ only in --disable-gil.
bool same_but_for_free_threading(const BuildRecord& free_threaded, const BuildRecord& gil);

// Needs the cells' medians; compares time per unit of work, since calibration
// may give the two builds different iteration counts.
std::vector<OverheadRecord> free_threading_overhead(const RunResults& run);

}  // namespace gm::results
