#pragma once
#include <string>
#include <vector>

namespace gm {

// The cores this process may run on (sched_getaffinity), in ascending order.
std::vector<int> usable_cpus();
int online_cpu_count();
std::string cpu_model();
std::string os_description();   // PRETTY_NAME from /etc/os-release
std::string kernel_release();   // uname -sr
std::string machine_arch();     // uname -m
std::string compiled_with();    // the compiler that built gilmatrix

}  // namespace gm
