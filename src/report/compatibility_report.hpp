#pragma once
#include <string>
#include <vector>

#include "results/forced_off.hpp"
#include "results/model.hpp"

namespace gm::report {

// "2 of 3 extension modules keep the GIL disabled on 3.13t", one per free-threaded build.
std::vector<std::string> compatibility_summary(const std::vector<results::ModuleCheck>& modules);

// The "Extension compatibility" section: a table of package and module x build,
// failed installs, the all-together import, and the fix for each problem module.
// Beside the fix of a module that re-enables the GIL, the cells of `forced_off`
// whose package set holds it on its build: they failed with the GIL forced
// off, which is what declaring support would have promised away.
std::string render_compatibility(const std::vector<results::InstallRecord>& installs,
                                 const std::vector<results::ModuleCheck>& modules,
                                 const std::vector<results::TogetherCheck>& together,
                                 const std::vector<results::ForcedOffFailure>& forced_off = {});

// A short symbol and word for a module status: "❌ re-enables GIL".
std::string status_badge(const results::ModuleCheck& check);

}  // namespace gm::report
