#pragma once
#include <filesystem>
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace gm {

std::string sha256_hex(std::string_view data);
Expected<std::string> sha256_file(const std::filesystem::path& path);

// Incremental hashing for downloads and multi-part cache keys.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view data);
  std::string hex_digest();

 private:
  void* context_;
};

}  // namespace gm
