#pragma once
// A process's memory layout follows the size of its environment: the
// environment's strings sit at the top of the initial stack, so their size
// moves the stack and, with it, the alignment of the interpreter's hot data.
// Measured on 2026-12-07 (3.13.15 and 3.13.15t, cpu-pure-python, one worker):
// padding the environment by 0-3000 bytes moved the free-threading overhead
// between 38% and 49%. Every round's process gets a padding of random size,
// so that this effect falls inside the interval over rounds instead of
// biasing every round of a run the same way.
#include <cstddef>
#include <random>

#include "exec/environment.hpp"

namespace gm::measure {

// The variable that carries the padding (it means nothing to the workload).
inline constexpr const char* kLayoutPaddingVariable = "GILMATRIX_LAYOUT_PADDING";
// One page: the stack's offset within a page repeats beyond it.
inline constexpr std::size_t kMostLayoutPadding = 4096;

// A padding drawn uniformly from [0, kMostLayoutPadding) in steps of 16 bytes
// (the stack's alignment: smaller steps reach no other layout).
std::size_t draw_layout_padding(std::mt19937_64& engine);

// Sets the padding variable to `bytes` characters (no variable when 0).
void pad_environment(exec::Environment& env, std::size_t bytes);

}  // namespace gm::measure
