#include "config/loader.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <limits>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "config/requirement.hpp"
#include "config/toml_reader.hpp"
#include "config/workload_file.hpp"
#include "util/duration.hpp"
#include "util/error.hpp"
#include "util/hash.hpp"
#include "util/paths.hpp"
#include "util/strings.hpp"

namespace gm::config {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxRepeats = 1000;
constexpr int kMostWorkers = 4096;

// A whole number of samples, or "auto".
std::optional<Repeats> read_repeats(const TomlReader& reader, const toml::table& table) {
  const toml::node* node = table.get("repeats");
  if (node == nullptr) return std::nullopt;
  if (node->is_string() && node->as_string()->get() == "auto") return Repeats{Repeats{}.count, true};
  if (!node->is_integer() || node->as_integer()->get() < 1 || node->as_integer()->get() > kMaxRepeats)
    reader.error(node->source(), fmt::format("`repeats` must be a number of samples from 1 to {} or \"auto\", found {}",
                                             kMaxRepeats, TomlReader::describe(*node)));
  return Repeats{static_cast<int>(node->as_integer()->get()), false};
}

// Worker counts, or "all"; every bad entry is reported, not only the first.
std::optional<std::vector<WorkerCount>> read_workers(const TomlReader& reader, const toml::table& table) {
  const toml::array* items = reader.array(table, "workers");
  if (items == nullptr) return std::nullopt;
  if (items->empty()) reader.error(table.get("workers")->source(), "`workers` must not be empty");
  std::vector<WorkerCount> out;
  for (const auto& item : *items) {
    if (item.is_string() && item.as_string()->get() == "all") {
      out.push_back({true, 0});
    } else if (item.is_integer() && item.as_integer()->get() >= 1 && item.as_integer()->get() <= kMostWorkers) {
      out.push_back({false, static_cast<int>(item.as_integer()->get())});
    } else {
      reader.record(item.source(), fmt::format("`workers` entries must be integers from 1 to {} or \"all\", found {}",
                                               kMostWorkers, TomlReader::describe(item)));
    }
  }
  return out;
}

const Keys kTopKeys{"schema",  "name",  "description", "skip-missing", "defaults",
                    "sources", "build", "packages",    "workload",     "stress"};
const Keys kSourcesKeys{"mirrors"};
// configure options gilmatrix sets itself: a build is installed under its cache
// entry, so a matrix that moves it would publish an empty entry.
std::optional<std::string> owned_configure_option(const std::string& flag) {
  for (const char* owned : {"--prefix", "--exec-prefix"})
    if (flag == owned || flag.starts_with(std::string(owned) + "=")) return std::string(owned);
  return std::nullopt;
}

const Keys kBuildKeys{"name",      "interpreter", "version", "git",     "free-threaded",
                      "sanitizer", "configure",   "sha256",  "fallback"};
const Keys kGitKeys{"url", "ref"};
const Keys kPackagesKeys{"name", "requirements", "index-url", "find-links", "stress"};
const Keys kWorkloadKeys{"name",    "file",       "description", "executors", "workers", "repeats",
                         "timeout", "iterations", "gil-modes",   "packages",  "builds",  "sample-time"};
const Keys kIsolationNames{"packed", "exclusive"};
const Keys kGilModeNames{"default", "off", "on"};

// Names become parts of file names (reports/<matrix>-<time>/, venvs/<set>-<hash>/):
// one path component that cannot be "..", hidden, or absolute.
const std::regex kNamePattern("[A-Za-z0-9][A-Za-z0-9._+-]*");
constexpr std::size_t kLongestName = 64;
constexpr std::uintmax_t kLargestMatrix = 16 << 20;

void check_name(const TomlReader& reader, const toml::node& node, const std::string& name) {
  // Length first: std::regex recurses once per character.
  if (name.size() > kLongestName || !std::regex_match(name, kNamePattern))
    reader.error(node.source(), fmt::format("name \"{}\" must be 1 to {} letters, digits and . _ + -, starting with "
                                            "a letter or digit (it is used in file names)",
                                            shortened(name), kLongestName));
}

// The name of a matrix without a `name`, from its file name, made safe the same way.
std::string name_from_file(const fs::path& file) {
  std::string name;
  for (char c : file.stem().string()) {
    if (std::isalnum(static_cast<unsigned char>(c)) || (!name.empty() && std::strchr("._+-", c) != nullptr))
      name += c;
    else if (!name.empty() && name.back() != '-')
      name += '-';
  }
  name = name.substr(0, kLongestName);
  while (!name.empty() && !std::isalnum(static_cast<unsigned char>(name.back()))) name.pop_back();
  return name.empty() ? "matrix" : name;
}

template <class Visit>
void for_each_table(const TomlReader& reader, const toml::table& root, std::string_view key, Visit visit) {
  const toml::node* node = root.get(key);
  if (node == nullptr) return;
  const toml::array* items = node->as_array();
  if (items == nullptr) {
    reader.record(node->source(), fmt::format("`{}` must be an array of tables: write [[{}]]", key, key));
    return;
  }
  for (const auto& item : *items) {
    if (!item.is_table())
      reader.record(item.source(), fmt::format("each `{}` entry must be a table: write [[{}]]", key, key));
    else
      visit(*item.as_table());
  }
}

std::string required_name(const TomlReader& reader, const toml::table& table, std::string_view what,
                          std::set<std::string>& seen) {
  auto name = reader.string(table, "name");
  if (!name) reader.error(table.source(), fmt::format("[[{}]] needs a `name`", what));
  check_name(reader, *table.get("name"), *name);
  if (!seen.insert(*name).second)
    reader.error(table.get("name")->source(),
                 fmt::format("a [[{}]] named \"{}\" already exists", what, shortened(*name)));
  return *name;
}

BuildSpec read_build(const TomlReader& reader, const toml::table& table, std::set<std::string>& seen) {
  reader.check_keys(table, kBuildKeys, "[[build]]");
  BuildSpec build;
  build.where = reader.position(table.source());
  reader.read_on([&] { build.name = required_name(reader, table, "build", seen); });
  reader.read_on([&] { build.interpreter = reader.string(table, "interpreter"); });
  reader.read_on([&] {
    build.version = reader.string(table, "version");
    if (build.version &&
        (build.version->size() > 16 || !std::regex_match(*build.version, std::regex("3\\.[0-9]+(\\.[0-9]+)?"))))
      reader.error(
          table.get("version")->source(),
          fmt::format("`version` must look like \"3.13\" or \"3.13.15\", found \"{}\"", shortened(*build.version)));
  });
  reader.read_on([&] {
    const toml::node* git = table.get("git");
    if (git == nullptr) return;
    if (!git->is_table()) reader.error(git->source(), "`git` must be a table: git = { url = \"...\", ref = \"main\" }");
    reader.check_keys(*git->as_table(), kGitKeys, "`git`");
    auto url = reader.string(*git->as_table(), "url");
    if (!url) reader.error(git->source(), "`git` needs a `url` (a remote URL or a local repository path)");
    build.git = GitSource{*url, reader.string(*git->as_table(), "ref").value_or("main")};
  });
  int origins = static_cast<int>(table.contains("interpreter")) + static_cast<int>(table.contains("version")) +
                static_cast<int>(table.contains("git"));
  if (origins != 1)
    reader.record(table.source(), fmt::format("[[build]] \"{}\" needs exactly one of `interpreter`, `version` or "
                                              "`git` (found {})",
                                              build.name, origins));
  reader.read_on([&] { build.free_threaded = reader.boolean(table, "free-threaded").value_or(false); });
  reader.read_on([&] {
    build.configure = reader.strings(table, "configure").value_or(std::vector<std::string>{});
    const toml::array* flags = table.get("configure") ? table.get("configure")->as_array() : nullptr;
    for (std::size_t i = 0; i < build.configure.size(); ++i) {
      const auto& at = flags ? (*flags)[i].source() : table.get("configure")->source();
      const auto& flag = build.configure[i];
      if (flag == "--disable-gil") reader.error(at, "use `free-threaded = true` instead of --disable-gil");
      if (flag == "--with-thread-sanitizer")
        reader.error(at, "use `sanitizer = \"thread\"` instead of --with-thread-sanitizer");
      if (auto owned = owned_configure_option(flag))
        reader.record(at, fmt::format("`configure` must not set {}: gilmatrix chooses where a build is installed "
                                      "(inside its cache); remove \"{}\"",
                                      *owned, printable(flag)));
    }
  });
  reader.read_on([&] {
    auto sanitizer = reader.string(table, "sanitizer");
    if (!sanitizer) return;
    if (*sanitizer != "thread")
      reader.error(
          table.get("sanitizer")->source(),
          fmt::format("`sanitizer` must be \"thread\" (ThreadSanitizer), found \"{}\"", printable(*sanitizer)));
    build.thread_sanitizer = true;
  });
  reader.read_on([&] {
    build.sha256 = reader.string(table, "sha256");
    if (build.sha256 && !std::regex_match(*build.sha256, std::regex("[0-9a-f]{64}")))
      reader.error(table.get("sha256")->source(), "`sha256` must be 64 lower-case hex digits");
  });
  reader.read_on([&] {
    auto fallback = reader.string(table, "fallback");
    if (!fallback) return;
    if (*fallback == "interpreter")
      build.fallback = SourceFallback::interpreter;
    else if (*fallback == "none")
      build.fallback = SourceFallback::none;
    else
      reader.error(table.get("fallback")->source(), "`fallback` must be \"interpreter\" or \"none\"");
  });
  if (table.contains("interpreter") && (table.contains("configure") || table.contains("sha256") ||
                                        table.contains("fallback") || table.contains("sanitizer")))
    reader.record(table.source(), fmt::format("[[build]] \"{}\" uses an existing interpreter; `configure`, `sha256`, "
                                              "`sanitizer` and `fallback` apply only to builds from source",
                                              build.name));
  return build;
}

// An optional file named relative to the matrix file, which must exist.
std::optional<fs::path> existing_file(const TomlReader& reader, const toml::table& table, std::string_view key,
                                      std::string_view what) {
  auto name = reader.string(table, key);
  if (!name) return std::nullopt;
  auto file = reader.resolve(*name);
  if (!fs::is_regular_file(file))
    reader.error(table.get(key)->source(), fmt::format("`{}`: {} not found: {} (paths are relative to the matrix file)",
                                                       key, what, file.string()));
  return file;
}

PackageSet read_packages(const TomlReader& reader, const toml::table& table, std::set<std::string>& seen) {
  reader.check_keys(table, kPackagesKeys, "[[packages]]");
  PackageSet set;
  set.where = reader.position(table.source());
  reader.read_on([&] { set.name = required_name(reader, table, "packages", seen); });
  reader.read_on([&] {
    set.requirements = reader.strings(table, "requirements").value_or(std::vector<std::string>{});
    if (set.requirements.empty())
      reader.error(table.source(), fmt::format("[[packages]] \"{}\" needs a non-empty `requirements` list", set.name));
  });
  const toml::node* listed = table.get("requirements");
  for (std::size_t i = 0; listed != nullptr && i < set.requirements.size(); ++i) {
    reader.read_on([&] {
      auto& requirement = set.requirements[i];
      const toml::node& item = listed->is_array() ? *listed->as_array()->get(i) : *listed;
      auto kind = classify_requirement(requirement);
      if (!kind)
        reader.error(item.source(),
                     fmt::format("requirement \"{}\": {}", shortened(requirement), kind.error().message));
      // Local paths (./dir, dist/x.tar.gz, /abs) are resolved against the matrix file.
      if (*kind == RequirementKind::path) requirement = reader.resolve(requirement).string();
    });
  }
  reader.read_on([&] {
    set.index_url = reader.string(table, "index-url");
    if (set.index_url && set.index_url->find("://") == std::string::npos)
      reader.error(
          table.get("index-url")->source(),
          fmt::format("`index-url` must be a URL (https://..., file:///...), found \"{}\"", shortened(*set.index_url)));
  });
  reader.read_on([&] {
    for (const auto& link : reader.strings(table, "find-links").value_or(std::vector<std::string>{}))
      set.find_links.push_back(link.find("://") != std::string::npos ? link : reader.resolve(link).string());
  });
  reader.read_on([&] { set.stress = existing_file(reader, table, "stress", "a Python file with test_* functions"); });
  return set;
}

// The workload file's sha256; a matrix error where it is not a workload.
std::string check_workload_protocol(const TomlReader& reader, const toml::node& at, const fs::path& file) {
  auto sha256 = check_workload_file(file);
  if (!sha256) reader.error(at.source(), sha256.error());
  return *sha256;
}

WorkloadSpec read_workload(const TomlReader& reader, const toml::table& table, std::set<std::string>& seen) {
  reader.check_keys(table, kWorkloadKeys, "[[workload]]");
  WorkloadSpec workload;
  workload.where = reader.position(table.source());
  reader.read_on([&] { workload.name = required_name(reader, table, "workload", seen); });
  reader.read_on([&] {
    auto file = reader.string(table, "file");
    if (!file) reader.error(table.source(), fmt::format("[[workload]] \"{}\" needs a `file`", workload.name));
    workload.file = reader.resolve(*file);
    if (!fs::is_regular_file(workload.file))
      reader.error(
          table.get("file")->source(),
          fmt::format("workload file not found: {} (paths are relative to the matrix file)", workload.file.string()));
    workload.file_sha256 = check_workload_protocol(reader, *table.get("file"), workload.file);
  });
  workload.executors = {Executor::threads};
  reader.read_on([&] {
    if (auto executors = reader.enum_list<Executor>(table, "executors", parse_executor, executor_names()))
      workload.executors = *executors;
  });
  reader.read_on([&] { workload.workers = read_workers(reader, table); });
  reader.read_on([&] { workload.repeats = read_repeats(reader, table); });
  reader.read_on([&] { workload.sample_time = reader.duration_or_off(table, "sample-time"); });
  reader.read_on([&] { workload.timeout = reader.duration(table, "timeout"); });
  reader.read_on([&] { workload.iterations = reader.positive_integer(table, "iterations"); });
  reader.read_on(
      [&] { workload.gil_modes = reader.enum_list<GilMode>(table, "gil-modes", parse_gil_mode, kGilModeNames); });
  reader.read_on([&] { workload.packages = reader.string(table, "packages"); });
  reader.read_on([&] { workload.builds = reader.strings(table, "builds").value_or(std::vector<std::string>{}); });
  return workload;
}

void read_isolation(const TomlReader& reader, const toml::table& table, std::string_view key, Measurement& m) {
  auto isolation = reader.string(table, key);
  if (!isolation) return;
  auto parsed = parse_isolation(*isolation);
  if (!parsed) {
    auto message =
        fmt::format("`{}` must be one of {}, found \"{}\"", key, join(kIsolationNames, ", "), shortened(*isolation));
    if (auto suggestion = closest_match(*isolation, kIsolationNames))
      message += fmt::format("; did you mean \"{}\"?", *suggestion);
    reader.error(table.get(key)->source(), message);
  }
  m.isolation = *parsed;
}

// A setting read by one of TomlReader's typed reads into a member of Measurement,
// which keeps its default when the key is absent.
template <class Member>
struct owner_of;
template <class Settings, class Value>
struct owner_of<Value Settings::*> {
  using type = Settings;
};
template <auto Member, auto Read, auto... Bounds>
void read_setting(const TomlReader& reader, const toml::table& table, std::string_view key,
                  typename owner_of<decltype(Member)>::type& settings) {
  settings.*Member = (reader.*Read)(table, key, Bounds...).value_or(settings.*Member);
}

// One key of a settings table and how it is read into the settings' struct.
template <class Settings>
struct SettingKey {
  const char* key;
  void (*read)(const TomlReader&, const toml::table&, std::string_view, Settings&);
};

template <class Settings, std::size_t N>
void read_settings(const TomlReader& reader, const toml::table& table, const SettingKey<Settings> (&keys)[N],
                   Settings& settings) {
  for (const auto& [key, read] : keys) reader.read_on([&] { read(reader, table, key, settings); });
}

// Every [defaults] key of config::Measurement, in the order error messages list them.
const SettingKey<Measurement> kMeasurementKeys[] = {
    {"isolation", read_isolation},
    {"sample-time", read_setting<&Measurement::sample_time, &TomlReader::duration_or_off>},
    {"precision", read_setting<&Measurement::precision, &TomlReader::fraction>},
    {"cell-budget", read_setting<&Measurement::cell_budget, &TomlReader::duration>},
    {"budget", read_setting<&Measurement::run_budget, &TomlReader::duration>},
    {"max-samples", read_setting<&Measurement::max_samples, &TomlReader::bounded_integer, 2, kMaxRepeats>},
    {"interference-limit", read_setting<&Measurement::interference_limit, &TomlReader::fraction>},
    {"attempts", read_setting<&Measurement::attempts, &TomlReader::bounded_integer, 1, 20>},
    {"expectation-tolerance", read_setting<&Measurement::expectation_tolerance, &TomlReader::fraction>},
};

void read_measurement(const TomlReader& reader, const toml::table& table, Measurement& m) {
  read_settings(reader, table, kMeasurementKeys, m);
}

void read_stress_timeout(const TomlReader& reader, const toml::table& table, std::string_view key, StressSettings& s) {
  s.timeout = reader.duration(table, key).value_or(s.timeout);
  if (s.timeout < kShortestStressTimeout)
    reader.error(table.get(key)->source(),
                 fmt::format("[stress] `{}` must be at least {}s", key,
                             std::chrono::duration_cast<std::chrono::seconds>(kShortestStressTimeout).count()));
}

void read_suppressions(const TomlReader& reader, const toml::table& table, std::string_view key, StressSettings& s) {
  s.suppressions = existing_file(reader, table, key, "a ThreadSanitizer suppressions file");
}

// Every [stress] key of config::StressSettings (check's options read the same bounds).
const SettingKey<StressSettings> kStressKeys[] = {
    {"threads",
     read_setting<&StressSettings::threads, &TomlReader::bounded_integer, kStressThreads.low, kStressThreads.high>},
    {"iterations", read_setting<&StressSettings::iterations, &TomlReader::bounded_integer, kStressIterations.low,
                                kStressIterations.high>},
    {"runs", read_setting<&StressSettings::runs, &TomlReader::bounded_integer, kStressRuns.low, kStressRuns.high>},
    {"timeout", read_stress_timeout},
    {"suppressions", read_suppressions},
};

template <class Settings, std::size_t N>
Keys keys_of(const SettingKey<Settings> (&keys)[N]) {
  Keys out;
  for (const auto& setting : keys) out.push_back(setting.key);
  return out;
}

void read_stress(const TomlReader& reader, const toml::table& table, StressSettings& s) {
  reader.check_keys(table, keys_of(kStressKeys), "[stress]");
  read_settings(reader, table, kStressKeys, s);
}

Keys defaults_keys() {
  Keys keys{"workers", "repeats", "timeout", "import-timeout", "install-timeout", "gil-modes", "unstable-cv"};
  for (const auto& key : keys_of(kMeasurementKeys)) keys.push_back(key);
  return keys;
}

// `tables[i]` is the [[workload]] table matrix.workloads[i] was read from.
void check_references(const TomlReader& reader, const std::vector<const toml::table*>& tables, const Matrix& matrix) {
  Keys build_names, package_names;
  for (const auto& b : matrix.builds) build_names.push_back(b.name);
  for (const auto& p : matrix.packages) package_names.push_back(p.name);
  for (std::size_t i = 0; i < matrix.workloads.size(); ++i) {
    const auto& workload = matrix.workloads[i];
    const toml::table& table = *tables[i];
    auto unknown = [&](std::string_view key, const std::string& value, const Keys& valid, std::string_view what) {
      std::string message = fmt::format("workload \"{}\" refers to {} \"{}\", which the matrix does not define",
                                        shortened(workload.name), what, shortened(value));
      if (auto suggestion = closest_match(value, valid)) message += fmt::format("; did you mean \"{}\"?", *suggestion);
      reader.record(table.get(key)->source(), message);
    };
    if (workload.packages && !matrix.find_packages(*workload.packages))
      unknown("packages", *workload.packages, package_names, "package set");
    for (const auto& build : workload.builds)
      if (!matrix.find_build(build)) unknown("builds", build, build_names, "build");
  }
}

}  // namespace

Matrix parse_matrix(std::string_view text, const fs::path& file) {
  TomlReader reader(file);
  toml::table root;
  try {
    root = toml::parse(text, file.string());
  } catch (const toml::parse_error& e) {
    // toml++ stops at the first syntax error: nothing after it can be read.
    reader.record(e.source(), std::string(e.description()));
    throw UsageErrors(reader.errors());
  }
  reader.check_keys(root, kTopKeys, "the matrix");

  Matrix matrix;
  matrix.file = file;
  matrix.file_sha256 = sha256_hex(text);
  auto schema = root.get("schema");
  if (schema == nullptr)
    reader.record(1, file.string() + ":1:1: missing `schema = 1` at the top of the matrix");
  else if (!schema->is_integer() || schema->as_integer()->get() != 1)
    reader.record(schema->source(), "unsupported `schema`: this gilmatrix reads schema = 1");
  matrix.name = name_from_file(file);
  reader.read_on([&] {
    if (auto name = reader.string(root, "name")) {
      check_name(reader, *root.get("name"), *name);
      matrix.name = *name;
    }
  });
  reader.read_on([&] { reader.string(root, "description"); });
  reader.read_on([&] { matrix.skip_missing = reader.boolean(root, "skip-missing").value_or(false); });

  if (const toml::node* node = root.get("defaults")) {
    if (!node->is_table()) {
      reader.record(node->source(), "`defaults` must be a table: write [defaults]");
    } else {
      const auto& table = *node->as_table();
      reader.check_keys(table, defaults_keys(), "[defaults]");
      auto& d = matrix.defaults;
      reader.read_on([&] { d.workers = read_workers(reader, table).value_or(d.workers); });
      reader.read_on([&] { d.repeats = read_repeats(reader, table).value_or(d.repeats); });
      read_measurement(reader, table, d.measurement);
      reader.read_on([&] { d.timeout = reader.duration(table, "timeout").value_or(d.timeout); });
      reader.read_on([&] { d.import_timeout = reader.duration(table, "import-timeout").value_or(d.import_timeout); });
      reader.read_on(
          [&] { d.install_timeout = reader.duration(table, "install-timeout").value_or(d.install_timeout); });
      reader.read_on([&] {
        d.gil_modes =
            reader.enum_list<GilMode>(table, "gil-modes", parse_gil_mode, kGilModeNames).value_or(d.gil_modes);
      });
      reader.read_on([&] { d.unstable_cv = reader.fraction(table, "unstable-cv").value_or(d.unstable_cv); });
    }
  }
  if (const toml::node* node = root.get("sources")) {
    if (!node->is_table()) {
      reader.record(node->source(), "`sources` must be a table: write [sources]");
    } else {
      reader.check_keys(*node->as_table(), kSourcesKeys, "[sources]");
      reader.read_on([&] {
        for (const auto& mirror : reader.strings(*node->as_table(), "mirrors").value_or(std::vector<std::string>{}))
          matrix.mirrors.push_back(reader.resolve(mirror));
      });
    }
  }

  if (const toml::node* node = root.get("stress")) {
    if (!node->is_table())
      reader.record(node->source(), "`stress` must be a table: write [stress]");
    else
      read_stress(reader, *node->as_table(), matrix.stress);
  }

  std::set<std::string> build_names, package_names, workload_names;
  std::vector<const toml::table*> workload_tables;
  for_each_table(reader, root, "build",
                 [&](const toml::table& t) { matrix.builds.push_back(read_build(reader, t, build_names)); });
  for_each_table(reader, root, "packages",
                 [&](const toml::table& t) { matrix.packages.push_back(read_packages(reader, t, package_names)); });
  for_each_table(reader, root, "workload", [&](const toml::table& t) {
    matrix.workloads.push_back(read_workload(reader, t, workload_names));
    workload_tables.push_back(&t);
  });
  if (matrix.builds.empty() && !root.contains("build"))
    reader.record(std::numeric_limits<int>::max(),
                  file.string() +
                      ": the matrix defines no [[build]]; add one, e.g.\n  [[build]]\n  name = \"3.13\"\n"
                      "  interpreter = \"python3.13\"");
  check_references(reader, workload_tables, matrix);
  if (reader.failed()) throw UsageErrors(reader.errors());
  Sha256 inputs;
  inputs.update("matrix " + matrix.file_sha256 + "\n");
  for (const auto& w : matrix.workloads) inputs.update("workload " + w.name + " " + w.file_sha256 + "\n");
  matrix.inputs_sha256 = inputs.hex_digest();
  return matrix;
}

Matrix load_matrix(const fs::path& file) {
  auto absolute = fs::absolute(file);
  auto text = read_input_file(absolute, kLargestMatrix);
  if (!text) throw UsageError(fmt::format("cannot read matrix file {}: {}", file.string(), text.error()));
  return parse_matrix(*text, absolute.lexically_normal());
}

}  // namespace gm::config
