#include <curl/curl.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include <fmt/format.h>

#include "sources/downloader.hpp"

namespace gm::sources {
namespace {

constexpr int kAttempts = 3;

struct Transfer {
  std::string* text = nullptr;
  std::FILE* file = nullptr;
  const Downloader::Progress* progress = nullptr;
};

std::size_t on_data(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::size_t bytes = size * count;
  if (transfer->text) transfer->text->append(data, bytes);
  if (transfer->file && std::fwrite(data, 1, bytes, transfer->file) != bytes) return 0;
  return bytes;
}

int on_progress(void* user, curl_off_t total, curl_off_t received, curl_off_t, curl_off_t) {
  auto* transfer = static_cast<Transfer*>(user);
  if (transfer->progress && *transfer->progress)
    (*transfer->progress)(static_cast<std::size_t>(received), static_cast<std::size_t>(total));
  return 0;
}

// One request; `permanent` says whether retrying could help.
Expected<long> perform(const std::string& url, Transfer& transfer, bool head_only, bool& permanent) {
  CURL* curl = curl_easy_init();
  if (!curl) return fail("cannot initialise libcurl");
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 20L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1024L);  // abort a transfer stalled below 1 KiB/s ...
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, 60L);     // ... for a minute
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "gilmatrix");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  if (head_only) curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) {
    permanent = code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_UNSUPPORTED_PROTOCOL ||
                code == CURLE_URL_MALFORMAT || code == CURLE_WRITE_ERROR;
    return fail(fmt::format("{}: {}", url, error[0] ? error : curl_easy_strerror(code)));
  }
  if (status >= 400) {
    permanent = status < 500;
    return fail(fmt::format("{}: HTTP {}", url, status));
  }
  return status;
}

template <class Attempt>
auto with_retries(Attempt attempt) -> decltype(attempt(std::declval<bool&>())) {
  decltype(attempt(std::declval<bool&>())) result;
  for (int i = 0; i < kAttempts; ++i) {
    bool permanent = false;
    result = attempt(permanent);
    if (result || permanent) return result;
    std::this_thread::sleep_for(std::chrono::seconds(1 << i));
  }
  return result;
}

}  // namespace

CurlDownloader::CurlDownloader() {
  static const bool initialised = (curl_global_init(CURL_GLOBAL_DEFAULT), true);
  (void)initialised;
}

Expected<std::string> CurlDownloader::fetch_text(const std::string& url) {
  return with_retries([&](bool& permanent) -> Expected<std::string> {
    std::string text;
    Transfer transfer{&text, nullptr, nullptr};
    auto status = perform(url, transfer, false, permanent);
    if (!status) return fail(status.error());
    return text;
  });
}

Expected<void> CurlDownloader::download(const std::string& url, const std::filesystem::path& destination,
                                        const Progress& progress) {
  std::filesystem::create_directories(destination.parent_path());
  auto partial = destination;
  partial += ".part";
  auto result = with_retries([&](bool& permanent) -> Expected<void> {
    std::FILE* file = std::fopen(partial.c_str(), "wb");
    if (!file) {
      permanent = true;
      return fail("cannot write " + partial.string());
    }
    Transfer transfer{nullptr, file, &progress};
    auto status = perform(url, transfer, false, permanent);
    bool closed = std::fclose(file) == 0;
    if (!status) return fail(status.error());
    if (!closed) return fail("cannot write " + partial.string() + " (disk full?)");
    return {};
  });
  if (!result) {
    std::filesystem::remove(partial);
    return result;
  }
  std::filesystem::rename(partial, destination);
  return {};
}

bool CurlDownloader::exists(const std::string& url) {
  bool permanent = false;
  Transfer transfer;
  return perform(url, transfer, true, permanent).has_value();
}

}  // namespace gm::sources
