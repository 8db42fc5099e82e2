#pragma once
#include <filesystem>
#include <set>
#include <string>
#include <string_view>

namespace gm {

// A folder gilmatrix writes its outputs into (`--out`). gilmatrix counts it as
// its own when it creates it, finds it empty, or finds its marker
// (`.gilmatrix-output`) there; the marker lists every file and folder
// gilmatrix wrote in it, and gilmatrix removes only what the marker lists.
// A folder that is not empty and has no marker may hold someone's work: it
// is refused unless the caller says to write into it anyway (`--force`),
// and then too only files of the names gilmatrix writes are replaced.
class OutputFolder {
 public:
  static constexpr const char* kMarker = ".gilmatrix-output";

  struct Claim {
    bool force = false;            // write into a folder that is someone else's
    std::string option = "--out";  // how the command line named the folder, for the message
  };

  // Takes `dir`, creating it. Throws UsageError when it is not a directory,
  // or when it is someone else's and `claim.force` is not set.
  OutputFolder(std::filesystem::path dir, const Claim& claim);

  // Whether `dir` is gilmatrix's own output folder (it holds the marker).
  static bool is_marked(const std::filesystem::path& dir);

  const std::filesystem::path& path() const { return dir_; }
  std::filesystem::path operator/(const std::string& name) const { return dir_ / name; }

  // Lists `name` (a file or folder directly in the folder) as gilmatrix's,
  // before it is written, so a write cut short still leaves it listed.
  void record(const std::string& name);
  // Writes `name` atomically, listed first.
  void write_file(const std::string& name, std::string_view content);
  // A folder in it for gilmatrix's files (logs, scratch files): listed when
  // absent (the caller creates it); one that was there and is not listed is
  // used but never removed.
  std::filesystem::path own_directory(const std::string& name);

  // Whether gilmatrix wrote `name` (the marker lists it).
  bool wrote(const std::string& name) const { return written_.contains(name); }
  const std::set<std::string>& written() const { return written_; }
  // Removes `name` with all it holds when gilmatrix wrote it; anything else
  // stays. Never throws: what cannot be removed stays listed.
  void remove_own(const std::string& name);

 private:
  void save_marker();

  std::filesystem::path dir_;
  std::set<std::string> written_;
};

}  // namespace gm
