#pragma once
#include <string>
#include <vector>

namespace gm {

// The cores this process may run on (sched_getaffinity), in ascending order.
std::vector<int> usable_cpus();
int online_cpu_count();
std::string cpu_model();
std::string os_description();  // PRETTY_NAME from /etc/os-release
std::string kernel_release();  // uname -sr
std::string machine_arch();    // uname -m
std::string compiled_with();   // the compiler that built gilmatrix

// What can skew measurements (each empty or false when the machine does not say):
// the cpufreq governors of `cpus` ("performance", or "powersave, performance").
std::string cpufreq_governors(const std::vector<int>& cpus);
// "on" / "off" for turbo or boost, "" when unknown.
std::string turbo_state();
// Groups of `cpus` that are SMT siblings of one physical core, as "0,4".
std::vector<std::string> smt_sibling_groups(const std::vector<int>& cpus);
// The CPU reports a hypervisor (cpuinfo flag "hypervisor").
bool under_hypervisor();
// The 1-minute load average, or -1 when unknown.
double load_average();

}  // namespace gm
