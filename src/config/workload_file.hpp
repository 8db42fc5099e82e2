#pragma once
// The Python file a [[workload]] names, checked as text: the runner needs a
// top-level work(state) (workloads/README.md), and looking for it in the text
// lets `validate` catch a wrong file without running Python.
#include <filesystem>
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace gm::config {

// A line at the top level that starts "def work(", "async def work(" or "work =".
bool defines_work(std::string_view text);

// The file's sha256 (a workload's identity in results), or why it is not a
// workload: unreadable, larger than 4 MiB, or with no top-level work.
Expected<std::string> check_workload_file(const std::filesystem::path& file);

}  // namespace gm::config
