#pragma once
#include <map>
#include <string>
#include <string_view>

namespace gm::harness {

// File name -> content of every script under src/harness/python, compiled in
// (see cmake/embed_scripts.cmake).
const std::map<std::string, std::string_view>& embedded_scripts();

}  // namespace gm::harness
