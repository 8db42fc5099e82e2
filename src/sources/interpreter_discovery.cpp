#include "sources/interpreter_discovery.hpp"

#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

#include "util/paths.hpp"
#include "util/strings.hpp"

namespace gm::sources {
namespace fs = std::filesystem;

namespace {

bool is_executable_file(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
}

// "3.12.10" sorts after "3.12.9".
bool version_less(const std::string& a, const std::string& b) {
  auto pa = split(a, '.'), pb = split(b, '.');
  for (std::size_t i = 0; i < std::min(pa.size(), pb.size()); ++i) {
    int x = std::atoi(pa[i].c_str()), y = std::atoi(pb[i].c_str());
    if (x != y) return x < y;
  }
  return pa.size() < pb.size();
}

std::vector<fs::path> shim_dirs(const InterpreterLocations& where) {
  std::vector<fs::path> skip;
  if (where.pyenv_root) skip.push_back(*where.pyenv_root / "shims");
  for (const auto& dir : where.path_dirs)
    if (dir.filename() == "shims" || dir.string().find("pyenv-virtualenv") != std::string::npos) skip.push_back(dir);
  return skip;
}

}  // namespace

InterpreterLocations InterpreterLocations::from_environment() {
  InterpreterLocations where;
  where.path_dirs = search_path(getenv_string("PATH").value_or(""));
  if (auto root = getenv_string("PYENV_ROOT"))
    where.pyenv_root = fs::path(*root);
  else if (auto home = getenv_string("HOME"))
    where.pyenv_root = fs::path(*home) / ".pyenv";
  return where;
}

std::vector<fs::path> InterpreterLocations::pyenv_version_dirs() const {
  std::vector<fs::path> dirs;
  if (!pyenv_root) return dirs;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(*pyenv_root / "versions", ec))
    if (entry.is_directory()) dirs.push_back(entry.path());
  std::sort(dirs.begin(), dirs.end(), [](const fs::path& a, const fs::path& b) {
    return version_less(b.filename().string(), a.filename().string());  // newest first
  });
  return dirs;
}

Expected<fs::path> find_interpreter(const std::string& name, const InterpreterLocations& where) {
  if (name.find('/') != std::string::npos) {
    fs::path path = fs::absolute(name);
    if (is_executable_file(path)) return path;
    return fail(fmt::format("interpreter {} does not exist or is not executable", path.string()));
  }
  auto versions = where.pyenv_version_dirs();
  for (const auto& dir : versions) {
    if (dir.filename() != name) continue;
    bool free_threaded = name.ends_with('t');
    for (const char* candidate : {"python3t", "python3"}) {
      if (!free_threaded && std::string(candidate) == "python3t") continue;
      if (is_executable_file(dir / "bin" / candidate)) return dir / "bin" / candidate;
    }
  }
  if (auto found = find_executable(name, where.path_dirs, shim_dirs(where))) return *found;
  for (const auto& dir : versions)
    if (is_executable_file(dir / "bin" / name)) return dir / "bin" / name;

  std::vector<std::string> known;
  for (const auto& dir : versions) known.push_back(dir.filename().string());
  std::string searched = "PATH";
  if (where.pyenv_root)
    searched += fmt::format(" and {} (has: {})", (*where.pyenv_root / "versions").string(),
                            known.empty() ? std::string("nothing") : join(known, ", "));
  return fail(fmt::format("interpreter \"{}\" not found on {}; give a path or install it", name, searched));
}

std::vector<fs::path> interpreter_candidates(const std::string& version, bool free_threaded,
                                             const InterpreterLocations& where) {
  auto parts = split(version, '.');
  std::string minor = parts.size() >= 2 ? parts[0] + "." + parts[1] : version;
  std::string suffix = free_threaded ? "t" : "";
  std::string executable = "python" + minor + suffix;
  std::vector<fs::path> out;
  auto add = [&](const fs::path& p) {
    if (is_executable_file(p) && std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  };
  for (const auto& dir : where.pyenv_version_dirs()) {
    std::string name = dir.filename().string();
    std::string bare = free_threaded && name.ends_with('t') ? name.substr(0, name.size() - 1) : name;
    bool matches = bare == version || bare.starts_with(version + ".");
    if (matches) add(dir / "bin" / executable);
  }
  if (auto found = find_executable(executable, where.path_dirs, shim_dirs(where))) add(*found);
  return out;
}

}  // namespace gm::sources
