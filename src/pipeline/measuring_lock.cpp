#include "pipeline/measuring_lock.hpp"

#include <sys/stat.h>

#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "exec/interrupt.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"
#include "util/terminal.hpp"

namespace gm::pipeline {

std::string measuring_lock_path() {
  return getenv_string("GILMATRIX_MEASURING_LOCK").value_or("/tmp/gilmatrix-measuring.lock");
}

std::unique_ptr<FileLock> acquire_measuring_lock(bool wait, const std::string& holder_description) {
  auto path = measuring_lock_path();
  auto lock = std::make_unique<FileLock>(path);
  ::chmod(path.c_str(), 0666);  // another user's run must be able to take it after us
  if (!lock->try_lock()) {
    auto holder = lock->holder();
    if (holder.empty()) holder = "another gilmatrix run";
    if (!wait)
      throw InfraError(fmt::format("{} is measuring on this machine ({}); two runs measuring at once disturb each "
                                   "other. Wait for it, or run without --no-wait to queue behind it",
                                   holder, path));
    Terminal::instance().line(fmt::format("waiting: {} is measuring on this machine (lock {})", holder, path));
    while (!lock->try_lock()) {
      if (exec::interrupted()) return nullptr;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
  }
  lock->describe_holder(holder_description);
  return lock;
}

}  // namespace gm::pipeline
