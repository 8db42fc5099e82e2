#pragma once
// The matrix file as plain structs. config/loader.cpp is the only code that
// reads TOML; everything else sees these.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace gm::config {

struct SourcePosition {
  std::string file;
  int line = 0;
  int column = 0;
  std::string describe() const;  // "file:line:col"
};

enum class Executor { threads, processes, interpreters };
enum class GilMode { default_mode, off, on };  // PYTHON_GIL unset, =0, =1

const char* to_string(Executor executor);
const char* to_string(GilMode mode);
std::optional<Executor> parse_executor(const std::string& text);
std::optional<GilMode> parse_gil_mode(const std::string& text);

struct WorkerCount {
  bool all = false;  // "all" usable cores
  int count = 0;
  bool operator==(const WorkerCount&) const = default;
};

struct GitSource {
  std::string url;
  std::string ref;
};

enum class SourceFallback { interpreter, none };

struct BuildSpec {
  std::string name;
  // Exactly one of these says where the interpreter comes from.
  std::optional<std::string> interpreter;  // existing interpreter: path or name
  std::optional<std::string> version;      // release: "3.13" (newest 3.13.x) or "3.13.15"
  std::optional<GitSource> git;
  bool free_threaded = false;
  std::vector<std::string> configure;
  std::optional<std::string> sha256;  // pin for the release tarball
  SourceFallback fallback = SourceFallback::interpreter;
  SourcePosition where;
};

struct PackageSet {
  std::string name;
  std::vector<std::string> requirements;
  std::optional<std::string> index_url;
  std::vector<std::string> find_links;
  SourcePosition where;
};

struct WorkloadSpec {
  std::string name;
  std::filesystem::path file;  // absolute
  std::vector<Executor> executors;
  std::optional<std::vector<WorkerCount>> workers;
  std::optional<int> repeats;
  std::optional<std::chrono::milliseconds> timeout;
  std::optional<int> iterations;  // units of work per worker per sample; default from the file
  std::optional<std::vector<GilMode>> gil_modes;
  std::optional<std::string> packages;  // a [[packages]] name
  std::vector<std::string> builds;      // empty: all builds
  SourcePosition where;
};

struct Defaults {
  std::vector<WorkerCount> workers{{false, 1}, {false, 2}, {false, 4}, {true, 0}};
  int repeats = 5;
  std::chrono::milliseconds timeout{120'000};
  std::chrono::milliseconds import_timeout{60'000};
  std::vector<GilMode> gil_modes{GilMode::default_mode};
  double unstable_cv = 0.10;  // coefficient of variation above which a cell is marked unstable
};

struct Matrix {
  int schema = 1;
  std::string name;
  std::filesystem::path file;  // absolute
  std::string file_sha256;
  bool skip_missing = false;  // builds that cannot be had are skipped, not failures (`skip-missing = true`)
  Defaults defaults;
  std::vector<std::filesystem::path> mirrors;
  std::vector<BuildSpec> builds;
  std::vector<PackageSet> packages;
  std::vector<WorkloadSpec> workloads;

  const BuildSpec* find_build(const std::string& name) const;
  const PackageSet* find_packages(const std::string& name) const;
};

}  // namespace gm::config
