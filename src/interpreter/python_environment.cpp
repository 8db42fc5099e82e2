#include "interpreter/python_environment.hpp"

namespace gm::interpreter {

exec::Environment python_environment(config::GilMode mode) {
  auto env = exec::Environment::minimal_from_parent();
  env.set("PYTHONNOUSERSITE", "1");
  env.set("PYTHONIOENCODING", "utf-8");
  // Workload files live in the user's checkout: leave no __pycache__ there.
  env.set("PYTHONDONTWRITEBYTECODE", "1");
  if (mode == config::GilMode::off) env.set("PYTHON_GIL", "0");
  if (mode == config::GilMode::on) env.set("PYTHON_GIL", "1");
  return env;
}

}  // namespace gm::interpreter
