#include "cpython_build/build_metadata.hpp"

namespace gm::cpython_build {

Expected<BuildMetadata> parse_build_metadata(const nlohmann::json& j) {
  if (!j.is_object()) return fail("build.json is not a JSON object");
  try {
    return j.get<BuildMetadata>();
  } catch (const std::exception& e) {
    return fail(std::string("build.json has a field of the wrong type: ") + e.what());
  }
}

}  // namespace gm::cpython_build
