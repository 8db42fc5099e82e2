#pragma once
#include <filesystem>
#include <functional>
#include <string>

#include "util/error.hpp"

namespace gm::sources {

// Network access, behind an interface so tests never touch the network.
class Downloader {
 public:
  using Progress = std::function<void(std::size_t received, std::size_t total)>;
  virtual ~Downloader() = default;
  virtual Expected<std::string> fetch_text(const std::string& url) = 0;
  // Writes `url` to `destination` (replacing it only when complete).
  virtual Expected<void> download(const std::string& url, const std::filesystem::path& destination,
                                  const Progress& progress) = 0;
  virtual bool exists(const std::string& url) = 0;  // HEAD request: 200
};

// libcurl, with connect and stall timeouts and retries on transient failures.
class CurlDownloader final : public Downloader {
 public:
  CurlDownloader();
  Expected<std::string> fetch_text(const std::string& url) override;
  Expected<void> download(const std::string& url, const std::filesystem::path& destination,
                          const Progress& progress) override;
  bool exists(const std::string& url) override;
};

// For --offline (and tests): every request fails without touching the network.
class OfflineDownloader final : public Downloader {
 public:
  Expected<std::string> fetch_text(const std::string& url) override { return refuse(url); }
  Expected<void> download(const std::string& url, const std::filesystem::path&, const Progress&) override {
    return fail(refuse(url).error());
  }
  bool exists(const std::string&) override { return false; }

 private:
  static Expected<std::string> refuse(const std::string& url) { return fail(url + ": not downloaded (--offline)"); }
};

}  // namespace gm::sources
