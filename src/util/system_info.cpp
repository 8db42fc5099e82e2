#include "util/system_info.hpp"

#include <sched.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>
#include <set>

#include "util/strings.hpp"

namespace gm {

std::vector<int> usable_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> cpus;
  if (sched_getaffinity(0, sizeof set, &set) != 0) {
    for (int i = 0; i < online_cpu_count(); ++i) cpus.push_back(i);
    return cpus;
  }
  for (int i = 0; i < CPU_SETSIZE; ++i)
    if (CPU_ISSET(i, &set)) cpus.push_back(i);
  return cpus;
}

int online_cpu_count() { return static_cast<int>(::sysconf(_SC_NPROCESSORS_ONLN)); }

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      auto colon = line.find(':');
      if (colon != std::string::npos) return trim(line.substr(colon + 1));
    }
  }
  return "unknown";
}

std::string os_description() {
  std::ifstream in("/etc/os-release");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("PRETTY_NAME=", 0) == 0) {
      auto value = line.substr(12);
      if (value.size() >= 2 && value.front() == '"') value = value.substr(1, value.size() - 2);
      return value;
    }
  }
  return "unknown";
}

std::string kernel_release() {
  utsname name{};
  if (::uname(&name) != 0) return "unknown";
  return std::string(name.sysname) + " " + name.release;
}

std::string machine_arch() {
  utsname name{};
  if (::uname(&name) != 0) return "unknown";
  return name.machine;
}

std::string compiled_with() {
#if defined(__clang__)
  return "clang " __clang_version__;
#elif defined(__GNUC__)
  return "gcc " __VERSION__;
#else
  return "unknown";
#endif
}

namespace {
std::string first_line_of(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return trim(line);
}
}  // namespace

std::string cpufreq_governors(const std::vector<int>& cpus) {
  std::set<std::string> governors;
  for (int cpu : cpus) {
    auto governor = first_line_of("/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/cpufreq/scaling_governor");
    if (!governor.empty()) governors.insert(governor);
  }
  return join(std::vector<std::string>(governors.begin(), governors.end()), ", ");
}

std::string turbo_state() {
  // intel_pstate says whether turbo is forbidden; acpi-cpufreq whether boost is allowed.
  auto no_turbo = first_line_of("/sys/devices/system/cpu/intel_pstate/no_turbo");
  if (!no_turbo.empty()) return no_turbo == "1" ? "off" : "on";
  auto boost = first_line_of("/sys/devices/system/cpu/cpufreq/boost");
  if (!boost.empty()) return boost == "1" ? "on" : "off";
  return "";
}

std::vector<std::string> smt_sibling_groups(const std::vector<int>& cpus) {
  std::set<int> usable(cpus.begin(), cpus.end());
  std::set<std::string> groups;
  for (int cpu : cpus) {
    auto siblings =
        first_line_of("/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/topology/thread_siblings_list");
    // "0,4" or "0-1": count the usable ones among them.
    std::vector<int> members;
    for (const auto& part : split(siblings, ',')) {
      auto dash = part.find('-');
      try {
        int first = std::stoi(part.substr(0, dash));
        int last = dash == std::string::npos ? first : std::stoi(part.substr(dash + 1));
        for (int c = first; c <= last; ++c)
          if (usable.contains(c)) members.push_back(c);
      } catch (const std::exception&) {
      }
    }
    if (members.size() > 1) {
      std::vector<std::string> names;
      for (int m : members) names.push_back(std::to_string(m));
      groups.insert(join(names, ","));
    }
  }
  return {groups.begin(), groups.end()};
}

bool under_hypervisor() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("flags", 0) == 0) return line.find(" hypervisor") != std::string::npos;
  return false;
}

double load_average() {
  auto text = first_line_of("/proc/loadavg");
  try {
    return text.empty() ? -1 : std::stod(text);
  } catch (const std::exception&) {
    return -1;
  }
}

}  // namespace gm
