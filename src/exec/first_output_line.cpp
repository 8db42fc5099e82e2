#include "exec/process.hpp"
#include "util/strings.hpp"

namespace gm::exec {

std::optional<std::string> first_output_line(ProcessRunner& runner, std::vector<std::string> argv,
                                             std::chrono::milliseconds timeout) {
  ProcessSpec spec;
  spec.argv = std::move(argv);
  spec.env = Environment::minimal_from_parent();
  spec.timeout = timeout;
  auto result = runner.run(spec);
  if (!result.ok()) return std::nullopt;
  auto lines = split_lines(result.out.empty() ? result.err : result.out);
  if (lines.empty()) return std::nullopt;
  return trim(lines.front());
}

}  // namespace gm::exec
