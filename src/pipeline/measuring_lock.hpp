#pragma once
// Only one gilmatrix run measures on a machine at a time: two runs measuring
// at once would disturb each other's cells. Builds, installs and
// compatibility checks do not need it.
#include <memory>
#include <string>

#include "util/file_lock.hpp"

namespace gm::pipeline {

// The lock is $GILMATRIX_MEASURING_LOCK, else /run/gilmatrix/measuring.lock,
// shared by every user's runs: a root run creates it (in a directory only root
// can create in), and other users' runs use it once it exists. Until then a
// user's runs meet in $XDG_RUNTIME_DIR/gilmatrix-measuring.lock, else
// /tmp/gilmatrix-measuring-<uid>.lock. A symbolic link there is never followed,
// and a file that is not regular, has other links, or belongs to anyone but
// this user or root is refused (InfraError): another user could have planted it.
// With `wait`, a second run says who holds it and waits (Ctrl-C still ends
// it); without, it throws InfraError (exit 3) naming the holder.
std::unique_ptr<FileLock> acquire_measuring_lock(bool wait, const std::string& holder_description);

std::string measuring_lock_path();

}  // namespace gm::pipeline
