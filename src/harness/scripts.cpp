#include "harness/scripts.hpp"

#include "harness/embedded_scripts.hpp"
#include "util/cache_inventory.hpp"
#include "util/cache_layout.hpp"
#include "util/error.hpp"
#include "util/hash.hpp"
#include "util/paths.hpp"

namespace gm::harness {

std::filesystem::path materialize_scripts(const std::filesystem::path& cache_root) {
  Sha256 hash;
  for (const auto& [name, content] : embedded_scripts()) {
    hash.update(name);
    hash.update(content);
  }
  auto directory = CacheLayout(cache_root).harness() / hash.hex_digest().substr(0, 16);
  for (const auto& [name, content] : embedded_scripts()) {
    auto path = directory / name;
    auto existing = read_text_file(path);
    if (!existing || *existing != content) write_file_atomically(path, content);
  }
  touch_cache_entry(directory);  // in use: `cache prune` keeps it
  return directory;
}

std::filesystem::path script_path(const std::filesystem::path& directory, const std::string& name) {
  if (!embedded_scripts().contains(name)) throw InfraError("internal error: no embedded script " + name);
  return directory / name;
}

}  // namespace gm::harness
