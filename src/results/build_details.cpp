#include "results/build_details.hpp"

#include <algorithm>

#include "cpython_build/cache_key.hpp"

namespace gm::results {

bool BuildDetails::thread_sanitized() const {
  return std::find(configure.begin(), configure.end(), cpython_build::kThreadSanitizerOption) != configure.end();
}

}  // namespace gm::results
