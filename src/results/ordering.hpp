#pragma once
#include "results/model.hpp"

namespace gm::results {

// The stable order reports show the compatibility findings in (by build, package
// set, distribution and module), whatever order parallel jobs or shards gave.
void sort_compatibility(std::vector<PackageEnvironmentRecord>& environments, std::vector<InstallRecord>& installs,
                        std::vector<ModuleCheck>& modules, std::vector<TogetherCheck>& together);

}  // namespace gm::results
