#include "results/ordering.hpp"

#include <algorithm>
#include <tuple>

namespace gm::results {

void sort_compatibility(std::vector<PackageEnvironmentRecord>& environments, std::vector<InstallRecord>& installs,
                        std::vector<ModuleCheck>& modules, std::vector<TogetherCheck>& together) {
  std::sort(modules.begin(), modules.end(), [](const auto& a, const auto& b) {
    return std::tie(a.build, a.package_set, a.distribution, a.module) <
           std::tie(b.build, b.package_set, b.distribution, b.module);
  });
  auto by_build_and_set = [](const auto& a, const auto& b) {
    return std::tie(a.build, a.package_set) < std::tie(b.build, b.package_set);
  };
  std::sort(together.begin(), together.end(), by_build_and_set);
  std::sort(environments.begin(), environments.end(), by_build_and_set);
  // Installs keep the order of the requirements within a set.
  std::stable_sort(installs.begin(), installs.end(), by_build_and_set);
}

}  // namespace gm::results
