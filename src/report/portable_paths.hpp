#pragma once
// Reports are committed and read on other machines, so the paths in them must
// not be this machine's: the build cache is written `$GILMATRIX_CACHE` (an
// environment variable gilmatrix itself honours), the home directory `~`, and
// a path under the directory the run started in relative to it. results.json
// keeps the full paths.
#include <string>
#include <string_view>
#include <vector>

#include "results/model.hpp"

namespace gm::report {

class PortablePaths {
 public:
  PortablePaths(std::string cache_dir, std::string working_dir, std::string home);
  // For a run: its cache, working directory and home directory, as recorded.
  static PortablePaths for_run(const results::RunResults& run);

  // `text` with every path under the cache, the working directory or the home
  // directory rewritten (only whole path components: /work/x is not /work/xy).
  std::string apply(std::string_view text) const;
  // A command shell_join wrote, rewritten word by word and quoted again so that
  // it is correct as pasted: the cache is `"${GILMATRIX_CACHE:?...}"`, which
  // stays one word and stops with a message where the variable is unset, and
  // `~` stands only where the shell expands it.
  std::string apply_to_command(std::string_view command) const;
  // A Markdown paragraph saying what the placeholders stand for.
  static std::string legend();

 private:
  struct Rule {
    std::string prefix;
    std::string replacement;
    bool relative = false;  // the prefix and its '/' are dropped
  };
  std::vector<Rule> rules_;  // longest prefix first
};

}  // namespace gm::report
