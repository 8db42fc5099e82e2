#include "measure/process_layout.hpp"

#include <string>

namespace gm::measure {

namespace {
constexpr std::size_t kStackAlignment = 16;
}

std::size_t draw_layout_padding(std::mt19937_64& engine) {
  std::uniform_int_distribution<std::size_t> steps(0, kMostLayoutPadding / kStackAlignment - 1);
  return steps(engine) * kStackAlignment;
}

void pad_environment(exec::Environment& env, std::size_t bytes) {
  if (bytes == 0) {
    env.unset(kLayoutPaddingVariable);
    return;
  }
  env.set(kLayoutPaddingVariable, std::string(bytes, 'x'));
}

}  // namespace gm::measure
