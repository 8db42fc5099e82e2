#pragma once
#include <string>
#include <vector>

#include "results/model.hpp"

namespace gm::report {

// "2 of 3 extension modules keep the GIL disabled on 3.13t", one per free-threaded build.
std::vector<std::string> compatibility_summary(const std::vector<results::ModuleCheck>& modules);

// The "Extension compatibility" section: a table of package and module x build,
// failed installs, the all-together import, and the fix for each problem module.
std::string render_compatibility(const std::vector<results::InstallRecord>& installs,
                                 const std::vector<results::ModuleCheck>& modules,
                                 const std::vector<results::TogetherCheck>& together);

// A short symbol and word for a module status: "❌ re-enables GIL".
std::string status_badge(const results::ModuleCheck& check);

}  // namespace gm::report
