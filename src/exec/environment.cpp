#include "exec/environment.hpp"

#include <cstdlib>

namespace gm::exec {

const std::vector<std::string>& Environment::inherited_names() {
  // Deliberately short. Compilers and pip get what they need from the caller
  // (PATH, HOME, TMPDIR, locale, the user's ccache settings) and nothing that
  // changes Python's behaviour.
  static const std::vector<std::string> names{"PATH",
                                              "HOME",
                                              "USER",
                                              "LOGNAME",
                                              "LANG",
                                              "LC_ALL",
                                              "LC_CTYPE",
                                              "TMPDIR",
                                              "TZ",
                                              "CCACHE_DIR",
                                              "CCACHE_DISABLE",
                                              "CCACHE_MAXSIZE",
                                              "CCACHE_CONFIGPATH",
                                              "SOURCE_DATE_EPOCH",
                                              "SSL_CERT_FILE",
                                              "SSL_CERT_DIR",
                                              "http_proxy",
                                              "https_proxy",
                                              "no_proxy",
                                              "HTTP_PROXY",
                                              "HTTPS_PROXY",
                                              "NO_PROXY"};
  return names;
}

Environment Environment::minimal_from_parent() {
  Environment env;
  for (const auto& name : inherited_names())
    if (const char* value = std::getenv(name.c_str())) env.set(name, value);
  if (!env.get("PATH")) env.set("PATH", "/usr/local/bin:/usr/bin:/bin");
  return env;
}

Environment& Environment::set(const std::string& name, std::string value) {
  variables_[name] = std::move(value);
  return *this;
}

Environment& Environment::unset(const std::string& name) {
  variables_.erase(name);
  return *this;
}

std::optional<std::string> Environment::get(const std::string& name) const {
  auto it = variables_.find(name);
  if (it == variables_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Environment::entries() const {
  std::vector<std::string> out;
  out.reserve(variables_.size());
  for (const auto& [name, value] : variables_) out.push_back(name + "=" + value);
  return out;
}

}  // namespace gm::exec
