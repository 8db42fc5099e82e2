#pragma once
// Only one gilmatrix run measures on a machine at a time: two runs measuring
// at once would disturb each other's cells. Builds, installs and
// compatibility checks do not need it.
#include <memory>
#include <string>

#include "util/file_lock.hpp"

namespace gm::pipeline {

// The lock lives in /tmp (or $GILMATRIX_MEASURING_LOCK), shared by every
// user's runs. With `wait`, a second run says who holds it and waits
// (Ctrl-C still ends it); without, it throws InfraError (exit 3) naming the holder.
std::unique_ptr<FileLock> acquire_measuring_lock(bool wait, const std::string& holder_description);

std::string measuring_lock_path();

}  // namespace gm::pipeline
