#pragma once
#include "config/matrix.hpp"
#include "exec/environment.hpp"

namespace gm::interpreter {

// The environment every Python child starts from: the minimal inherited set,
// no PYTHON* or PIP* variable of the caller's, no user site-packages, and
// PYTHON_GIL only where a GIL mode asks for it (unset is the build's default,
// and the only setting under which an extension can re-enable the GIL).
exec::Environment python_environment(config::GilMode mode = config::GilMode::default_mode);

}  // namespace gm::interpreter
